//! Provider-defined function RPCs: listing and calling.

use tonic::{Request, Response, Status};

use super::*;

impl<P: Provider> ProviderService<P> {
    pub(super) async fn handle_get_functions(
        &self,
        _request: Request<pb::get_functions::Request>,
    ) -> Result<Response<pb::get_functions::Response>, Status> {
        tracing::debug!(tf_rpc = "GetFunctions", "handling request");
        ok(pb::get_functions::Response {
            functions: self.functions(),
            diagnostics: Vec::new(),
        })
    }

    pub(super) async fn handle_call_function(
        &self,
        request: Request<pb::call_function::Request>,
    ) -> Result<Response<pb::call_function::Response>, Status> {
        tracing::debug!(tf_rpc = "CallFunction", "handling request");
        let request = request.into_inner();
        let failure = |text: String, argument: Option<i64>| pb::call_function::Response {
            result: None,
            error: Some(pb::FunctionError {
                text,
                function_argument: argument,
            }),
        };
        let Some(signature) = self.provider.schemas().functions.get(&request.name) else {
            return ok(failure(
                format!("This provider has no function named {:?}.", request.name),
                None,
            ));
        };
        let mut arguments = Vec::with_capacity(request.arguments.len());
        for (index, argument) in request.arguments.iter().enumerate() {
            let position = i64::try_from(index).unwrap_or(i64::MAX);
            let Some(ty) = convert::argument_type(signature, index) else {
                return ok(failure("Too many arguments.".to_string(), Some(position)));
            };
            match decode(Some(argument), ty, "argument") {
                Ok(value) => arguments.push(value),
                Err(diagnostics) => {
                    let text = diagnostics
                        .first()
                        .map(|d| d.detail.clone())
                        .unwrap_or_default();
                    return ok(failure(text, Some(position)));
                }
            }
        }
        let call = CallFunctionRequest {
            name: request.name,
            arguments,
        };
        let answer = self.provider.call_function(call).await;
        let response = match answer.error {
            Some(error) => pb::call_function::Response {
                result: None,
                error: Some(convert::function_error(&error)),
            },
            None => match encode(&answer.result, &signature.return_type, "function result") {
                Ok(result) => pb::call_function::Response {
                    result: Some(result),
                    error: None,
                },
                Err(diagnostics) => failure(
                    diagnostics
                        .first()
                        .map(|d| d.detail.clone())
                        .unwrap_or_default(),
                    None,
                ),
            },
        };
        ok(response)
    }
}
