//! `api_client_kit`: the parts of an HTTP API client that do not depend on the API, shared by the
//! providers' clients. It knows no Terraform type and no API's domain types.
//!
//! - [`Secret`]: a credential that never prints itself;
//! - [`Delivery`]: what a failed attempt says about whether the server acted on the request
//!   (never sent, throttled, rejected, unknown, stopped), from a status or a transport error;
//! - [`RetryTiming`] and [`Budget`]: backoff with jitter, `Retry-After` as a floor, and what one
//!   operation may still spend (retries for server failures, time for rate limits);
//! - [`retry`]: the one retry loop, over any failure that classifies itself ([`Attempt`]);
//! - [`Stop`]: the flag Terraform's `StopProvider` raises, ending every wait and request;
//! - [`TokenCache`]: the single-flight cache of an OAuth2 client's token;
//! - [`env`]: settings that fall back to environment variables, remembering which one;
//! - [`Turns`]: creates that take turns among every provider process of the user on the machine
//!   (a lock file per key under [`LockDir`]), so that what appears during a turn is provably its own;
//! - [`audit`]: the audit trail, one JSON line before and one after each mutating API call, and
//!   the line's type and JSON Schema.
#![warn(missing_docs)]

pub mod audit;
mod delivery;
pub mod env;
mod retry;
mod secret;
mod stop;
mod token;
mod turns;

pub use delivery::{error_chain, retry_after, Attempt, Delivery};
pub use retry::{is_retryable_status, parse_retry_after, retry, Budget, GiveUp, RetryTiming};
pub use secret::Secret;
pub use stop::{Stop, Stopped};
pub use token::{renew_at, Token, TokenCache};
pub use turns::{LockDir, Turn, Turns};
