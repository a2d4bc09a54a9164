//! The smallest provider on the bare protocol: one function, `provider::echo::upper(text)`, served
//! the way Terraform starts plugins. Real providers use `tf-provider-framework` instead; this shows
//! what the framework is built on.

use async_trait::async_trait;
use tf_plugin_protocol::cty::{Type, Value};
use tf_plugin_protocol::provider::{
    CallFunctionRequest, CallFunctionResponse, FunctionError, Provider, ProviderSchemas,
};
use tf_plugin_protocol::schema::{FunctionParameter, FunctionSignature};
use tf_plugin_protocol::serve::{self, ServeOptions};

struct Echo {
    schemas: ProviderSchemas,
}

#[async_trait]
impl Provider for Echo {
    fn schemas(&self) -> &ProviderSchemas {
        &self.schemas
    }

    // Every other RPC keeps its default: validations accept, the rest answer "unsupported".
    async fn call_function(&self, request: CallFunctionRequest) -> CallFunctionResponse {
        match request.arguments.as_slice() {
            [Value::String(text)] => Ok(Value::string(text.to_uppercase())),
            _ => Err(FunctionError {
                text: "upper takes one known string.".to_string(),
                argument: Some(0),
            }),
        }
        .into()
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut schemas = ProviderSchemas::default();
    let text = FunctionParameter::new("text", Type::String).description("Any text.");
    let upper = FunctionSignature::new(vec![text], Type::String).summary("Upper-cases text");
    schemas.functions.insert("upper".to_string(), upper);
    let options = ServeOptions {
        provider_address: "registry.terraform.io/example/echo".to_string(),
        debug: std::env::args().any(|arg| arg == "--debug"),
    };
    serve::serve(Echo { schemas }, options).await?;
    Ok(())
}
