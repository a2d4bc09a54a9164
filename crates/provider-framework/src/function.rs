//! Provider functions (Terraform 1.8+), called as `provider::<name>::<function>(...)`: pure, they
//! need no configured provider. The trait and the registry by name.

use std::collections::BTreeMap;

use tf_plugin_protocol::cty::Value;
use tf_plugin_protocol::provider::FunctionError;
use tf_plugin_protocol::schema::FunctionSignature;

/// One provider function.
pub trait Function: Send + Sync {
    /// The name after `provider::<provider>::`.
    fn name(&self) -> &'static str;

    /// Parameters, return type and descriptions, as Terraform and the docs receive them.
    fn signature(&self) -> FunctionSignature;

    /// The result for `arguments`, already converted to the signature's types; an error names
    /// the argument at fault when there is one.
    fn call(&self, arguments: &[Value]) -> Result<Value, FunctionError>;
}

/// The functions by name; what the provider dispatches to.
#[derive(Default)]
pub struct Functions(BTreeMap<&'static str, Box<dyn Function>>);

impl Functions {
    /// The functions by their names (a later one of the same name wins).
    pub fn new(all: Vec<Box<dyn Function>>) -> Self {
        Functions(all.into_iter().map(|f| (f.name(), f)).collect())
    }

    /// Every function's signature, by name.
    pub fn signatures(&self) -> BTreeMap<String, FunctionSignature> {
        self.0
            .iter()
            .map(|(name, function)| (name.to_string(), function.signature()))
            .collect()
    }

    /// Calls the function `name`; an unknown name is an error saying so.
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
