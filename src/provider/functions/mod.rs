//! The provider's functions (Terraform 1.8+), called as `provider::resistant::<name>(...)`.

pub mod tenant_name;

use std::collections::BTreeMap;

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

/// The functions by name; what the provider dispatches to.
pub struct Registry(BTreeMap<&'static str, Box<dyn Function>>);

impl Default for Registry {
    fn default() -> Self {
        Registry(all().into_iter().map(|f| (f.name(), f)).collect())
    }
}

impl Registry {
    /// Adds every function's signature to the provider's schemas.
    pub fn add_signatures(&self, signatures: &mut BTreeMap<String, FunctionSignature>) {
        for (name, function) in &self.0 {
            signatures.insert(name.to_string(), function.signature());
        }
    }

    pub fn call(&self, name: &str, arguments: &[Value]) -> Result<Value, FunctionError> {
        match self.0.get(name) {
            Some(function) => function.call(arguments),
            None => Err(FunctionError {
                text: format!("This provider has no function named {name:?}."),
                argument: None,
            }),
        }
    }
}
