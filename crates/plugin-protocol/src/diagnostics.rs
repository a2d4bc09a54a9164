//! Diagnostics (errors and warnings) with optional attribute paths, as Terraform shows them.

/// One step of a path into a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathStep {
    /// An object attribute by name.
    Attribute(String),
    /// A map element by key.
    ElementKeyString(String),
    /// A list or tuple element by index.
    ElementKeyInt(i64),
}

/// A path to an attribute, e.g. `cells[1]` or `auth.client_secret`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AttributePath(pub Vec<PathStep>);

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The operation failed.
    Error,
    /// The operation went on; the user should know.
    Warning,
}

/// One error or warning as Terraform shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short headline.
    pub summary: String,
    /// The explanation: the cause and what to do.
    pub detail: String,
    /// The attribute it is about, if any (Terraform then points at it in the configuration).
    pub attribute: Option<AttributePath>,
}

/// A list of diagnostics; `has_errors` tells whether the operation failed. It grows only through
/// its methods (`push`, `push_error`, `error_at`, `push_warning`, `warning_at`, `extend`) and
/// reads as a slice.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl std::ops::Deref for Diagnostics {
    type Target = [Diagnostic];

    fn deref(&self) -> &[Diagnostic] {
        &self.0
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(list: Vec<Diagnostic>) -> Self {
        Diagnostics(list)
    }
}

impl Diagnostics {
    /// A single error without an attribute path.
    pub fn error(summary: impl Into<String>, detail: impl Into<String>) -> Self {
        Diagnostics(vec![Diagnostic {
            severity: Severity::Error,
            summary: summary.into(),
            detail: detail.into(),
            attribute: None,
        }])
    }

    /// Whether any of them is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
}

impl Diagnostic {
    /// An error without an attribute path.
    pub fn error(summary: impl Into<String>, detail: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            summary: summary.into(),
            detail: detail.into(),
            attribute: None,
        }
    }

    /// A warning without an attribute path.
    pub fn warning(summary: impl Into<String>, detail: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(summary, detail)
        }
    }

    /// The same diagnostic, about the attribute at `path`.
    pub fn at(mut self, path: AttributePath) -> Self {
        self.attribute = Some(path);
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostics {
    /// No diagnostics at all.
    pub fn new() -> Self {
        Diagnostics::default()
    }

    /// A single warning without an attribute path.
    pub fn warning(summary: impl Into<String>, detail: impl Into<String>) -> Self {
        Diagnostics(vec![Diagnostic::warning(summary, detail)])
    }

    /// Adds a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds an error without an attribute path.
    pub fn push_error(&mut self, summary: impl Into<String>, detail: impl Into<String>) {
        self.push(Diagnostic::error(summary, detail));
    }

    /// Adds a warning without an attribute path.
    pub fn push_warning(&mut self, summary: impl Into<String>, detail: impl Into<String>) {
        self.push(Diagnostic::warning(summary, detail));
    }

    /// An error about the attribute at `path`.
    pub fn error_at(
        &mut self,
        path: AttributePath,
        summary: impl Into<String>,
        detail: impl Into<String>,
    ) {
        self.push(Diagnostic::error(summary, detail).at(path));
    }

    /// A warning about the attribute at `path`.
    pub fn warning_at(
        &mut self,
        path: AttributePath,
        summary: impl Into<String>,
        detail: impl Into<String>,
    ) {
        self.push(Diagnostic::warning(summary, detail).at(path));
    }

    /// Appends all of `other`.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The diagnostics in the order they were added.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    /// `Err(self)` if there is an error among them, else `Ok(self)` (warnings only).
    pub fn into_result(self) -> Result<Diagnostics, Diagnostics> {
        if self.has_errors() {
            Err(self)
        } else {
            Ok(self)
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl From<crate::cty::CodecError> for Diagnostic {
    /// An error for a value that could not be encoded or decoded.
    fn from(e: crate::cty::CodecError) -> Self {
        Diagnostic::error("Invalid value", format!("{} at {}.", e.message, e.path))
    }
}

impl From<crate::cty::CodecError> for Diagnostics {
    fn from(e: crate::cty::CodecError) -> Self {
        Diagnostics(vec![Diagnostic::from(e)])
    }
}

impl std::fmt::Display for Diagnostic {
    /// `Error: summary: detail (at path)`, for logs and test failures.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
        };
        write!(f, "{severity}: {}", self.summary)?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        if let Some(path) = &self.attribute {
            write!(f, " (at {path})")?;
        }
        Ok(())
    }
}

impl std::fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl AttributePath {
    /// A path to a top-level attribute.
    pub fn root(name: impl Into<String>) -> Self {
        AttributePath(vec![PathStep::Attribute(name.into())])
    }

    /// One level further into an object attribute.
    pub fn attribute(mut self, name: impl Into<String>) -> Self {
        self.0.push(PathStep::Attribute(name.into()));
        self
    }

    /// One level further into a list or tuple element.
    pub fn index(mut self, i: i64) -> Self {
        self.0.push(PathStep::ElementKeyInt(i));
        self
    }

    /// One level further into a map element.
    pub fn key(mut self, k: impl Into<String>) -> Self {
        self.0.push(PathStep::ElementKeyString(k.into()));
        self
    }

    /// Whether this is the empty path (the whole value).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Display for AttributePath {
    /// Terraform's notation: `auth.client_secret`, `cells[1]`, `tags["a"]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                PathStep::Attribute(name) if i == 0 => f.write_str(name)?,
                PathStep::Attribute(name) => write!(f, ".{name}")?,
                PathStep::ElementKeyInt(n) => write!(f, "[{n}]")?,
                PathStep::ElementKeyString(k) => {
                    write!(f, "[{}]", serde_json::Value::from(k.as_str()))?
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_display_like_terraform() {
        assert_eq!(
            AttributePath::root("cells").index(1).to_string(),
            "cells[1]"
        );
        assert_eq!(
            AttributePath::root("tags").key("a").to_string(),
            "tags[\"a\"]"
        );
        assert_eq!(
            AttributePath::root("auth")
                .attribute("client_secret")
                .to_string(),
            "auth.client_secret"
        );
        assert_eq!(
            AttributePath::root("m").key("q\"").to_string(),
            "m[\"q\\\"\"]"
        );
    }

    #[test]
    fn collects_errors_and_warnings() {
        let mut d = Diagnostics::new();
        assert!(d.is_empty() && !d.has_errors());
        d.push_warning("w", "");
        assert!(!d.has_errors());
        assert!(d.clone().into_result().is_ok());
        d.error_at(AttributePath::root("name"), "bad", "too long");
        d.extend(Diagnostics::error("e", "x"));
        assert_eq!(d.len(), 3);
        assert!(d.has_errors());
        assert_eq!(d.errors().count(), 2);
        assert_eq!(d.0[1].attribute, Some(AttributePath::root("name")));
        assert_eq!(d.0[1].to_string(), "Error: bad: too long (at name)");
        assert!(d.into_result().is_err());
    }
}
