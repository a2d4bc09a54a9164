//! The audit trail: one JSON line before each mutating API call (`intent`) and one after it
//! (`outcome`), sharing an `event_id`, appended to a file the user names. The line is a Rust type
//! ([`AuditLine`]) whose JSON Schema ([`schema`]) is published in `docs/`.
//!
//! Nothing secret can be written: the request and response parts are closed structs of names,
//! identifiers and statuses ([`Params`], [`Ids`]), never free text from the API, and unknown
//! fields are refused when a line is read back.
//!
//! **Whole lines under concurrency.** Each line is appended by opening the file in append mode,
//! taking an exclusive advisory lock on it (`flock`), writing the whole line (newline included) with
//! one `write_all`, and unlocking. Writers of every provider process on the machine (each
//! terraform, each alias, each parallel operation) therefore never interleave within a line.
//!
//! **Refusal before the call.** [`Audit::intent`] writes the intent line before the request is
//! sent; when it cannot (missing directory, no permission, disk full) it returns an
//! [`AuditError`] naming the file, and the caller must not send the request. [`Audit::check`]
//! tries the file before an operation's first request (lookups included), so a broken path stops a
//! change before the API is asked anything.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which half of an event a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Written before the request is sent.
    Intent,
    /// Written once the outcome is known (or settled).
    Outcome,
}

/// What an API call did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The API answered with success.
    Succeeded,
    /// The API refused the call (a 4xx, or a request that never reached it): nothing changed.
    Failed,
    /// The call may or may not have taken effect (a 5xx, a lost response); `settled` says what
    /// the provider found out.
    Unknown,
}

/// How the provider settled an `unknown` outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Settled {
    /// The object exists, is provably this call's and was kept (its ids are in `response`).
    Adopted,
    /// The object exists and is provably this call's but cannot be used (its secret went with
    /// the lost answer), so it was deleted; that delete is an event of its own.
    Discarded,
    /// Provably nothing was made (a check found no new object).
    NotMade,
    /// An object appeared that cannot be proven this call's; it was neither adopted nor deleted
    /// and was named to the user (its ids are in `response`).
    LeftAlone,
    /// A delete's next attempt found the object gone: the delete took effect.
    Gone,
    /// A delete's next attempt found the object still there: this attempt deleted nothing.
    NotDone,
    /// No check was possible, or it failed: the next plan shows what exists.
    Undetermined,
}

/// The request parameters an audit line may carry: names and identifiers, never a secret.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The tenant the call acts on (for calls under a tenant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// The application the call acts on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// The name requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The slug requested (ScaiKey).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Cells requested (a tenant's cells, or an application's one cell).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<String>,
    /// Scopes requested.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    /// How the object authenticates (`client_secret`, `private_key_jwt`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_method: Option<String>,
    /// The key id of a public key given with the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The names of the settings the call changes (never their values).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settings_changed: Vec<String>,
}

impl Params {
    fn is_empty(&self) -> bool {
        self == &Params::default()
    }
}

/// The identifiers an answer carried: only what the API itself shows as not secret.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ids {
    /// The tenant's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// The application's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    /// The application's OAuth2 client id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The id of a key (a public key's `kid`, an API key's id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The first characters of an API key, as the API shows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_prefix: Option<String>,
}

impl Ids {
    fn is_empty(&self) -> bool {
        self == &Ids::default()
    }
}

/// One line of the audit file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Audit log line",
    description = "One line of a provider's audit file (JSON Lines): the intent or the outcome of one mutating API call."
)]
pub struct AuditLine {
    /// When the line was written: RFC 3339, UTC, milliseconds (`2026-01-31T09:15:02.117Z`).
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"))]
    pub time: String,
    /// Shared by the intent and the outcome line of one API call (32 hex digits).
    #[schemars(regex(pattern = r"^[0-9a-f]{32}$"))]
    pub event_id: String,
    /// `intent` (before the request is sent) or `outcome`.
    pub phase: Phase,
    /// Who made the change: `audit_actor`, else the CI's user, else `user@host`.
    pub actor: String,
    /// The CI run the change came from, when the provider ran in a known CI system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<String>,
    /// Why: the provider's `audit_reason` (a ticket, a change request), when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The provider that made the call (`resistant`, `raven`, `scaikey`).
    pub provider: String,
    /// The provider's version.
    pub provider_version: String,
    /// The API's base URL the call went to.
    pub endpoint: String,
    /// The operation in the API's words (`tenant.create`, `tenant_application.delete`, ...).
    pub operation: String,
    /// The HTTP method and path of the call.
    pub request_line: String,
    /// The request's parameters that are not secret.
    #[serde(default, skip_serializing_if = "Params::is_empty")]
    pub request: Params,
    /// Outcome lines: the identifiers the answer (or the settling check) gave.
    #[serde(default, skip_serializing_if = "Ids::is_empty")]
    pub response: Ids,
    /// Outcome lines: the HTTP status answered, when there was an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// Outcome lines: what the call did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Failed outcomes: the API's error code (or the failure's kind when the API gave none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Unknown outcomes: how the provider settled it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled: Option<Settled>,
}

/// The JSON Schema of an audit line, generated from [`AuditLine`].
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(AuditLine)).expect("a schema is JSON")
}

/// The schema as published in `docs/audit-log.schema.json` (pretty, newline-terminated).
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).expect("a schema is JSON");
    text.push('\n');
    text
}

/// The audit file could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditError {
    /// The audit file.
    pub path: PathBuf,
    /// What went wrong, from the operating system.
    pub cause: String,
}

impl fmt::Display for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the audit log {} cannot be written ({}), so the change was not made: every change \
             must be recorded before it is sent. Make the file's directory exist and writable \
             (or free disk space), or point audit_log elsewhere.",
            self.path.display(),
            self.cause
        )
    }
}

impl std::error::Error for AuditError {}

/// What an [`Audit`] writes into every line.
#[derive(Clone, Debug)]
pub struct AuditSettings {
    /// The audit file.
    pub path: PathBuf,
    /// Who acts; `None` for [`default_actor`].
    pub actor: Option<String>,
    /// Why, free text.
    pub reason: Option<String>,
    /// The provider's short name.
    pub provider: String,
    /// The provider's version.
    pub provider_version: String,
    /// The API's base URL.
    pub endpoint: String,
}

/// Writes a provider's audit lines. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Audit {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    path: PathBuf,
    actor: String,
    pipeline: Option<String>,
    reason: Option<String>,
    provider: String,
    provider_version: String,
    endpoint: String,
}

impl Audit {
    /// An audit trail with these settings, the actor and pipeline taken from the process
    /// environment where not given.
    pub fn new(settings: AuditSettings) -> Audit {
        Audit::with_env(settings, crate::env::process_env)
    }

    /// Like [`Audit::new`], reading the environment through `env` (tests pass a map).
    pub fn with_env(settings: AuditSettings, env: impl Fn(&str) -> Option<String>) -> Audit {
        let found = ci_actor(&env);
        let actor = settings
            .actor
            .filter(|a| !a.trim().is_empty())
            .or_else(|| found.as_ref().map(|(actor, _)| actor.clone()))
            .unwrap_or_else(|| user_at_host(&env));
        Audit {
            inner: Arc::new(Inner {
                path: settings.path,
                actor,
                pipeline: found.and_then(|(_, pipeline)| pipeline),
                reason: settings.reason.filter(|r| !r.trim().is_empty()),
                provider: settings.provider,
                provider_version: settings.provider_version,
                endpoint: settings.endpoint,
            }),
        }
    }

    /// The audit file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The actor every line names.
    pub fn actor(&self) -> &str {
        &self.inner.actor
    }

    /// Whether the file can be opened for appending (it is created when missing). Called before
    /// an operation's first request, so that a broken path stops a change before the API is
    /// asked anything.
    pub fn check(&self) -> Result<(), AuditError> {
        self.open().map(drop)
    }

    fn open(&self) -> Result<File, AuditError> {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.inner.path)
            .map_err(|e| self.error(e))
    }

    fn error(&self, cause: std::io::Error) -> AuditError {
        AuditError {
            path: self.inner.path.clone(),
            cause: cause.to_string(),
        }
    }

    /// Appends `line` whole: append mode, an exclusive lock, one `write_all`, unlock.
    fn append(&self, line: &AuditLine) -> Result<(), AuditError> {
        let mut text = serde_json::to_string(line).expect("an audit line is JSON");
        text.push('\n');
        let mut file = self.open()?;
        file.lock().map_err(|e| self.error(e))?;
        let written = file.write_all(text.as_bytes()).and_then(|()| file.flush());
        let _ = file.unlock();
        written.map_err(|e| self.error(e))
    }

    fn line(&self, event: &Event, phase: Phase) -> AuditLine {
        AuditLine {
            time: now(),
            event_id: event.id.clone(),
            phase,
            actor: self.inner.actor.clone(),
            pipeline: self.inner.pipeline.clone(),
            reason: self.inner.reason.clone(),
            provider: self.inner.provider.clone(),
            provider_version: self.inner.provider_version.clone(),
            endpoint: self.inner.endpoint.clone(),
            operation: event.operation.clone(),
            request_line: event.request_line.clone(),
            request: event.request.clone(),
            response: Ids::default(),
            http_status: None,
            outcome: None,
            error_code: None,
            settled: None,
        }
    }

    /// Writes the intent line of a call about to be sent. `Err`: the line could not be written,
    /// and the call must not be made.
    pub fn intent(
        &self,
        operation: &str,
        request_line: &str,
        request: Params,
    ) -> Result<Pending, AuditError> {
        let event = Event {
            id: event_id(),
            operation: operation.to_string(),
            request_line: request_line.to_string(),
            request,
        };
        self.append(&self.line(&event, Phase::Intent))?;
        Ok(Pending {
            audit: self.clone(),
            event,
            status: None,
            written: false,
        })
    }
}

#[derive(Debug)]
struct Event {
    id: String,
    operation: String,
    request_line: String,
    request: Params,
}

/// A call whose intent was written and whose outcome is not yet. Dropped without an outcome
/// (the call was interrupted, or an unknown outcome was never settled), it writes `unknown`,
/// settled `undetermined`.
#[derive(Debug)]
#[must_use = "a pending event writes `undetermined` when dropped"]
pub struct Pending {
    audit: Audit,
    event: Event,
    status: Option<u16>,
    written: bool,
}

impl Pending {
    /// The event's id.
    pub fn event_id(&self) -> &str {
        &self.event.id
    }

    /// The HTTP status of an unknown outcome (a 5xx), kept for the line written when it is
    /// settled.
    pub fn answered(mut self, status: Option<u16>) -> Pending {
        self.status = status;
        self
    }

    fn finish(
        &mut self,
        outcome: Outcome,
        response: Ids,
        error_code: Option<String>,
        settled: Option<Settled>,
    ) {
        if self.written {
            return;
        }
        self.written = true;
        let mut line = self.audit.line(&self.event, Phase::Outcome);
        line.outcome = Some(outcome);
        line.http_status = self.status;
        line.response = response;
        line.error_code = error_code;
        line.settled = settled;
        if let Err(e) = self.audit.append(&line) {
            tracing::warn!(
                event_id = %self.event.id,
                error = %e,
                "could not write an audit outcome line"
            );
        }
    }

    /// The API answered `status` with success; `response` holds the ids it gave.
    pub fn succeeded(mut self, status: u16, response: Ids) {
        self.status = Some(status);
        self.finish(Outcome::Succeeded, response, None, None);
    }

    /// The API refused the call (`status`, or `None` when it never reached the API) with
    /// `error_code`.
    pub fn failed(mut self, status: Option<u16>, error_code: &str) {
        self.status = status;
        self.finish(
            Outcome::Failed,
            Ids::default(),
            Some(error_code.into()),
            None,
        );
    }

    /// The outcome was unknown, and the provider settled it as `how`; `response` names what
    /// the settling check found.
    pub fn settle(mut self, how: Settled, response: Ids) {
        self.finish(Outcome::Unknown, response, None, Some(how));
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.finish(
            Outcome::Unknown,
            Ids::default(),
            None,
            Some(Settled::Undetermined),
        );
    }
}

/// Now, as RFC 3339 UTC with milliseconds.
fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// 128 random bits as 32 hex digits.
fn event_id() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// The actor and pipeline a known CI system names, if the process runs in one.
fn ci_actor(env: &impl Fn(&str) -> Option<String>) -> Option<(String, Option<String>)> {
    let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    if let Some(actor) = var("GITHUB_ACTOR") {
        let run = match (
            var("GITHUB_SERVER_URL"),
            var("GITHUB_REPOSITORY"),
            var("GITHUB_RUN_ID"),
        ) {
            (Some(server), Some(repo), Some(run)) => Some(format!(
                "{}/{repo}/actions/runs/{run}",
                server.trim_end_matches('/')
            )),
            (_, repo, Some(run)) => Some(format!(
                "github-actions {}run {run}",
                repo.map(|r| format!("{r} ")).unwrap_or_default()
            )),
            _ => None,
        };
        return Some((actor, run));
    }
    if let Some(actor) = var("GITLAB_USER_LOGIN") {
        let job = var("CI_JOB_URL").or_else(|| {
            var("CI_JOB_ID").map(|id| {
                format!(
                    "gitlab {}job {id}",
                    var("CI_PROJECT_PATH")
                        .map(|p| format!("{p} "))
                        .unwrap_or_default()
                )
            })
        });
        return Some((actor, job));
    }
    if let Some(actor) = var("BUILD_REQUESTEDFOREMAIL").or_else(|| var("BUILD_REQUESTEDFOR")) {
        let build = var("BUILD_BUILDID").map(|id| format!("azure-pipelines build {id}"));
        return Some((actor, build));
    }
    if let Some(actor) = var("CIRCLE_USERNAME") {
        return Some((actor, var("CIRCLE_BUILD_URL")));
    }
    if let Some(url) = var("BUILD_URL") {
        // Jenkins names the user only with the build-user plugin.
        let actor = var("BUILD_USER_ID").unwrap_or_else(|| "jenkins".into());
        return Some((actor, Some(url)));
    }
    None
}

/// `user@host` from `USER` (or `USERNAME`) and `HOSTNAME` (or `/etc/hostname`).
fn user_at_host(env: &impl Fn(&str) -> Option<String>) -> String {
    let user = env("USER")
        .or_else(|| env("USERNAME"))
        .or_else(|| env("LOGNAME"))
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "unknown".into());
    let host = env("HOSTNAME")
        .filter(|h| !h.trim().is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_string())
                .filter(|h| !h.is_empty())
        })
        .unwrap_or_else(|| "unknown-host".into());
    format!("{}@{}", user.trim(), host.trim())
}

/// Reads an audit file back: every line must be whole JSON that the schema accepts and that
/// reads as an [`AuditLine`]. For tests, which check every line they make this way.
#[cfg(feature = "schema-check")]
pub fn read_checked(path: &Path) -> Vec<AuditLine> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("reading the audit log {}: {e}", path.display()));
    check_lines(&text)
}

/// Checks text in the audit file's format (see [`read_checked`]).
#[cfg(feature = "schema-check")]
pub fn check_lines(text: &str) -> Vec<AuditLine> {
    let validator = jsonschema::validator_for(&schema()).expect("the audit schema compiles");
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "the audit log ends within a line"
    );
    text.lines()
        .enumerate()
        .map(|(n, line)| {
            let value: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("audit line {} is not JSON ({e}): {line}", n + 1));
            let problems: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            assert!(
                problems.is_empty(),
                "audit line {} breaks the schema ({}): {line}",
                n + 1,
                problems.join("; ")
            );
            serde_json::from_value(value).unwrap_or_else(|e| {
                panic!("audit line {} is not an AuditLine ({e}): {line}", n + 1)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(path: PathBuf) -> AuditSettings {
        AuditSettings {
            path,
            actor: None,
            reason: Some("CHG-1".into()),
            provider: "test".into(),
            provider_version: "0.0.0".into(),
            endpoint: "http://127.0.0.1:1/v0".into(),
        }
    }

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    fn read(path: &Path) -> Vec<AuditLine> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn an_event_writes_an_intent_then_an_outcome_with_one_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let audit = Audit::with_env(
            settings(path.clone()),
            env_of(&[("USER", "ann"), ("HOSTNAME", "box")]),
        );
        let pending = audit
            .intent(
                "tenant.create",
                "POST /v0/tenants",
                Params {
                    name: Some("acme".into()),
                    ..Params::default()
                },
            )
            .unwrap();
        pending.succeeded(
            201,
            Ids {
                tenant_id: Some("t-1".into()),
                ..Ids::default()
            },
        );
        let lines = read(&path);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].phase, Phase::Intent);
        assert_eq!(lines[1].phase, Phase::Outcome);
        assert_eq!(lines[0].event_id, lines[1].event_id);
        assert_eq!(lines[0].actor, "ann@box");
        assert_eq!(lines[0].reason.as_deref(), Some("CHG-1"));
        assert_eq!(lines[1].outcome, Some(Outcome::Succeeded));
        assert_eq!(lines[1].http_status, Some(201));
        assert_eq!(lines[1].response.tenant_id.as_deref(), Some("t-1"));
        assert_eq!(lines[0].time.len(), "2026-01-31T09:15:02.117Z".len());
        assert!(lines[0].time.ends_with('Z'));
    }

    #[test]
    fn a_pending_event_dropped_unsettled_writes_undetermined() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let audit = Audit::with_env(settings(path.clone()), env_of(&[]));
        drop(
            audit
                .intent("tenant.delete", "DELETE /v0/tenants/t", Params::default())
                .unwrap()
                .answered(Some(503)),
        );
        let lines = read(&path);
        assert_eq!(lines[1].outcome, Some(Outcome::Unknown));
        assert_eq!(lines[1].settled, Some(Settled::Undetermined));
        assert_eq!(lines[1].http_status, Some(503));
    }

    #[test]
    fn an_unwritable_file_refuses_the_intent_and_names_the_file() {
        let audit = Audit::with_env(
            settings(PathBuf::from("/dev/null/audit.jsonl")),
            env_of(&[]),
        );
        let error = audit.check().unwrap_err();
        assert!(
            error.to_string().contains("/dev/null/audit.jsonl"),
            "{error}"
        );
        let error = audit
            .intent("tenant.create", "POST /v0/tenants", Params::default())
            .unwrap_err();
        assert!(
            error.to_string().contains("the change was not made"),
            "{error}"
        );
    }

    #[test]
    fn the_actor_comes_from_the_setting_then_the_ci_then_user_at_host() {
        let github = env_of(&[
            ("GITHUB_ACTOR", "octo"),
            ("GITHUB_RUN_ID", "42"),
            ("GITHUB_REPOSITORY", "org/infra"),
            ("GITHUB_SERVER_URL", "https://github.com"),
            ("USER", "runner"),
        ]);
        let audit = Audit::with_env(settings("x".into()), &github);
        assert_eq!(audit.actor(), "octo");
        assert_eq!(
            audit.inner.pipeline.as_deref(),
            Some("https://github.com/org/infra/actions/runs/42")
        );
        let mut named = settings("x".into());
        named.actor = Some("change-bot".into());
        assert_eq!(Audit::with_env(named, &github).actor(), "change-bot");
        let gitlab = env_of(&[
            ("GITLAB_USER_LOGIN", "gl"),
            ("CI_JOB_ID", "7"),
            ("CI_PROJECT_PATH", "g/p"),
        ]);
        let audit = Audit::with_env(settings("x".into()), gitlab);
        assert_eq!(audit.actor(), "gl");
        assert_eq!(audit.inner.pipeline.as_deref(), Some("gitlab g/p job 7"));
        let plain = Audit::with_env(
            settings("x".into()),
            env_of(&[("USER", "ann"), ("HOSTNAME", "box")]),
        );
        assert_eq!(plain.actor(), "ann@box");
        assert_eq!(plain.inner.pipeline, None);
    }

    #[test]
    fn lines_from_threads_at_once_stay_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let audit = Audit::with_env(settings(path.clone()), env_of(&[]));
        std::thread::scope(|scope| {
            for t in 0..8 {
                let audit = audit.clone();
                scope.spawn(move || {
                    for i in 0..50 {
                        let params = Params {
                            name: Some(format!("{t}-{i}-{}", "x".repeat(2000))),
                            ..Params::default()
                        };
                        audit
                            .intent("tenant.create", "POST /t", params)
                            .unwrap()
                            .succeeded(201, Ids::default());
                    }
                });
            }
        });
        assert_eq!(read(&path).len(), 8 * 50 * 2);
    }

    #[cfg(feature = "schema-check")]
    #[test]
    fn every_kind_of_line_the_kit_writes_is_one_its_schema_accepts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let audit = Audit::with_env(
            settings(path.clone()),
            env_of(&[("GITHUB_ACTOR", "octo"), ("GITHUB_RUN_ID", "1")]),
        );
        let params = Params {
            tenant_id: Some("t".into()),
            cells: vec!["eu-1".into()],
            settings_changed: vec!["limits.max_users".into()],
            ..Params::default()
        };
        let intent = |op: &str| audit.intent(op, "POST /x", params.clone()).unwrap();
        intent("a.create").succeeded(
            201,
            Ids {
                client_id: Some("c".into()),
                ..Ids::default()
            },
        );
        intent("a.create").failed(Some(409), "conflict");
        intent("a.create")
            .answered(Some(502))
            .settle(Settled::Adopted, Ids::default());
        drop(intent("a.delete"));
        let lines = read_checked(&path);
        assert_eq!(lines.len(), 8);
        let mut broken = std::fs::read_to_string(&path).unwrap();
        broken.push_str(
            &broken
                .lines()
                .next()
                .unwrap()
                .replace("\"phase\":\"intent\"", "\"phase\":\"maybe\""),
        );
        broken.push('\n');
        let refused = std::panic::catch_unwind(|| check_lines(&broken));
        assert!(refused.is_err(), "a line the schema refuses is caught");
    }

    #[test]
    fn a_line_with_a_field_the_type_does_not_know_is_refused() {
        let text = r#"{"time":"2026-01-01T00:00:00.000Z","event_id":"00000000000000000000000000000000","phase":"intent","actor":"a","provider":"p","provider_version":"1","endpoint":"e","operation":"o","request_line":"POST /","client_secret":"x"}"#;
        assert!(serde_json::from_str::<AuditLine>(text).is_err());
        let schema = schema();
        assert_eq!(schema["additionalProperties"], serde_json::json!(false));
    }
}
