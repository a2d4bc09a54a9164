//! The provider's functions (Terraform 1.8+), called as `provider::resistant::<name>(...)`.

pub mod tenant_name;

use crate::protocol::cty::Value;
use crate::protocol::provider::FunctionError;
use crate::protocol::schema::FunctionSignature;

/// One provider function: pure, needs no configured provider.
pub trait Function: Send + Sync {
    fn name(&self) -> &'static str;

    fn signature(&self) -> FunctionSignature;

    fn call(&self, arguments: &[Value]) -> Result<Value, FunctionError>;
}

/// Every function of the provider.
pub fn all() -> Vec<Box<dyn Function>> {
    vec![Box::new(tenant_name::TenantName)]
}
