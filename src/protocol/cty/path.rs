//! Where a codec is inside a value while it walks it, so errors can say `tags["a"]` or `cells[1]`.

use super::CodecError;

/// One step into a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Attribute(String),
    Index(usize),
    Key(String),
}

/// The path from the root value to the one being encoded or decoded.
#[derive(Clone, Debug, Default)]
pub(crate) struct Trail(Vec<Step>);

impl Trail {
    pub(crate) fn push(&mut self, step: Step) {
        self.0.push(step);
    }

    pub(crate) fn pop(&mut self) {
        self.0.pop();
    }

    pub(crate) fn depth(&self) -> usize {
        self.0.len()
    }

    /// An error at the current position.
    pub(crate) fn error(&self, message: impl Into<String>) -> CodecError {
        CodecError {
            path: self.render(),
            message: message.into(),
        }
    }

    /// Renders like Terraform does: `a.b[0]["key"]`; the root itself is `<root>`.
    pub(crate) fn render(&self) -> String {
        if self.0.is_empty() {
            return "<root>".to_string();
        }
        let mut out = String::new();
        for step in &self.0 {
            match step {
                Step::Attribute(name) if out.is_empty() => out.push_str(name),
                Step::Attribute(name) => {
                    out.push('.');
                    out.push_str(name);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
                Step::Key(k) => out.push_str(&format!("[{k:?}]")),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_terraform_style() {
        let mut t = Trail::default();
        assert_eq!(t.render(), "<root>");
        t.push(Step::Attribute("tags".into()));
        t.push(Step::Key("a".into()));
        assert_eq!(t.render(), "tags[\"a\"]");
        t.pop();
        t.push(Step::Index(1));
        t.push(Step::Attribute("x".into()));
        assert_eq!(t.render(), "tags[1].x");
    }
}
