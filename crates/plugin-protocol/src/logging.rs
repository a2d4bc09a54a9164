//! Logs as Terraform's plugin host reads them: one JSON object per line on stderr with `@level`,
//! `@message`, `@timestamp` (microsecond precision, as go-plugin parses it) and `@module`, plus the
//! event's fields as extra keys. Terraform then shows them at their level under `TF_LOG`.
//!
//! The level comes from `TF_LOG_PROVIDER`, else `TF_LOG` (`TRACE`, `DEBUG`, `INFO`, `WARN`,
//! `ERROR`, `OFF`; `JSON` means trace); with neither set nothing is logged.

use std::io::Write;

use serde_json::{Map, Value as Json};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

/// The `@module` of every line.
pub const MODULE: &str = "provider";

/// The most verbose level logged, from the environment; `None` when logging is off.
pub fn level_from_env(lookup: impl Fn(&str) -> Option<String>) -> Option<Level> {
    let setting = lookup("TF_LOG_PROVIDER")
        .filter(|value| !value.trim().is_empty())
        .or_else(|| lookup("TF_LOG"))?;
    match setting.trim().to_ascii_uppercase().as_str() {
        "" | "OFF" => None,
        "ERROR" => Some(Level::ERROR),
        "WARN" => Some(Level::WARN),
        "INFO" => Some(Level::INFO),
        "DEBUG" => Some(Level::DEBUG),
        // TRACE, JSON, and (as Terraform does) anything unrecognised.
        _ => Some(Level::TRACE),
    }
}

/// A layer writing Terraform-style JSON lines for events of our own crates at `level` or more
/// severe, and for other crates' (gRPC, HTTP) warnings and errors.
pub struct TerraformJsonLayer {
    level: Level,
    own_targets: Vec<String>,
}

impl TerraformJsonLayer {
    /// A layer printing events at `level` and above for `own_targets` (crate names).
    pub fn new(level: Level, own_targets: &[&str]) -> Self {
        TerraformJsonLayer {
            level,
            own_targets: own_targets.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn wants(&self, metadata: &tracing::Metadata<'_>) -> bool {
        let own = self
            .own_targets
            .iter()
            .any(|target| metadata.target().starts_with(target.as_str()));
        let limit = if own {
            self.level
        } else {
            self.level.min(Level::WARN)
        };
        *metadata.level() <= limit
    }
}

/// Collects an event's fields into JSON.
struct Fields(Map<String, Json>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), Json::String(format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0
            .insert(field.name().to_string(), Json::String(value.to_string()));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().to_string(), Json::from(value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_string(), Json::from(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().to_string(), Json::Bool(value));
    }
}

fn level_name(level: &Level) -> &'static str {
    match *level {
        Level::TRACE => "trace",
        Level::DEBUG => "debug",
        Level::INFO => "info",
        Level::WARN => "warn",
        Level::ERROR => "error",
    }
}

/// One log line (without the newline).
pub fn format_line(event: &Event<'_>) -> String {
    let mut fields = Fields(Map::new());
    event.record(&mut fields);
    let mut line = Map::new();
    line.insert(
        "@level".into(),
        Json::String(level_name(event.metadata().level()).into()),
    );
    let message = fields
        .0
        .remove("message")
        .unwrap_or(Json::String(String::new()));
    line.insert("@message".into(), message);
    line.insert("@module".into(), Json::String(MODULE.into()));
    line.insert(
        "@timestamp".into(),
        Json::String(
            chrono::Utc::now()
                .format("%Y-%m-%dT%H:%M:%S%.6fZ")
                .to_string(),
        ),
    );
    line.insert(
        "target".into(),
        Json::String(event.metadata().target().into()),
    );
    for (key, value) in fields.0 {
        line.entry(key).or_insert(value);
    }
    Json::Object(line).to_string()
}

impl<S: Subscriber> Layer<S> for TerraformJsonLayer {
    fn enabled(&self, metadata: &tracing::Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        self.wants(metadata)
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        if !self.wants(event.metadata()) {
            return;
        }
        let mut line = format_line(event);
        line.push('\n');
        // One write per line so concurrent lines never interleave.
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
}

/// Installs the layer as the global subscriber, at the level the environment asks for.
pub fn init(own_targets: &[&str]) {
    let Some(level) = level_from_env(|key| std::env::var(key).ok()) else {
        return;
    };
    let _ = tracing_subscriber::registry()
        .with(TerraformJsonLayer::new(level, own_targets))
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn provider_level_wins_over_the_general_one() {
        assert_eq!(level_from_env(env(&[])), None);
        assert_eq!(
            level_from_env(env(&[("TF_LOG", "debug")])),
            Some(Level::DEBUG)
        );
        assert_eq!(
            level_from_env(env(&[("TF_LOG", "TRACE"), ("TF_LOG_PROVIDER", "WARN")])),
            Some(Level::WARN)
        );
        assert_eq!(
            level_from_env(env(&[("TF_LOG", "JSON")])),
            Some(Level::TRACE)
        );
        assert_eq!(level_from_env(env(&[("TF_LOG_PROVIDER", "off")])), None);
    }

    #[test]
    fn lines_carry_level_message_module_timestamp_and_fields() {
        struct Capture(std::sync::Arc<std::sync::Mutex<Vec<String>>>);
        impl<S: Subscriber> Layer<S> for Capture {
            fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
                self.0.lock().expect("lock").push(format_line(event));
            }
        }
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let subscriber = tracing_subscriber::registry().with(Capture(lines.clone()));
        tracing::subscriber::with_default(subscriber, || {
            tracing::debug!(tf_rpc = "ConfigureProvider", attempt = 2, "configured");
        });
        let lines = lines.lock().expect("lock");
        let line: Json = serde_json::from_str(&lines[0]).expect("json");
        assert_eq!(line["@level"], "debug");
        assert_eq!(line["@message"], "configured");
        assert_eq!(line["@module"], MODULE);
        assert_eq!(line["tf_rpc"], "ConfigureProvider");
        assert_eq!(line["attempt"], 2);
        let timestamp = line["@timestamp"].as_str().expect("timestamp");
        assert_eq!(
            timestamp.len(),
            "2006-01-02T15:04:05.000000Z".len(),
            "{timestamp}"
        );
    }
}
