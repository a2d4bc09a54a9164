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

/// What a codec keeps of its position: enough for the depth cap, and maybe for error paths.
/// [`Trail`] records every step; [`Depth`] only counts them, so a first pass can skip the cost of
/// building steps and, if it fails, a second pass with a `Trail` can say where.
pub(crate) trait Position {
    /// Steps in; `step` is only called when the step is recorded.
    fn enter(&mut self, step: impl FnOnce() -> Step);
    fn leave(&mut self);
    fn depth(&self) -> usize;
    fn error(&self, message: impl Into<String>) -> CodecError;
}

impl Position for Trail {
    fn enter(&mut self, step: impl FnOnce() -> Step) {
        self.push(step());
    }

    fn leave(&mut self) {
        self.pop();
    }

    fn depth(&self) -> usize {
        Trail::depth(self)
    }

    fn error(&self, message: impl Into<String>) -> CodecError {
        Trail::error(self, message)
    }
}

/// Only the depth: steps cost nothing, and errors carry no path (an empty one).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Depth(usize);

impl Position for Depth {
    fn enter(&mut self, _: impl FnOnce() -> Step) {
        self.0 += 1;
    }

    fn leave(&mut self) {
        self.0 = self.0.saturating_sub(1);
    }

    fn depth(&self) -> usize {
        self.0
    }

    fn error(&self, message: impl Into<String>) -> CodecError {
        CodecError {
            path: String::new(),
            message: message.into(),
        }
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

    #[test]
    fn depth_counts_what_a_trail_records() {
        let mut trail = Trail::default();
        let mut depth = Depth::default();
        for i in 0..3 {
            trail.enter(|| Step::Index(i));
            depth.enter(|| unreachable!("a depth never builds its steps"));
        }
        trail.leave();
        depth.leave();
        assert_eq!(Position::depth(&trail), 2);
        assert_eq!(Position::depth(&depth), 2);
        assert_eq!(Position::error(&depth, "m").path, "");
        assert_eq!(Position::error(&trail, "m").path, "[0][1]");
    }
}
