//! Settings that fall back to environment variables: a value written in the configuration wins;
//! otherwise the setting's variable is read, and a variable that is unset or blank counts as not
//! set. Where a value came from is kept, so that an error can name the variable it blames.

/// Where a setting's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Written in the configuration.
    Configured,
    /// Read from this environment variable.
    Variable(&'static str),
}

impl Origin {
    /// The variable the value came from, if it came from one.
    pub fn variable(self) -> Option<&'static str> {
        match self {
            Origin::Configured => None,
            Origin::Variable(name) => Some(name),
        }
    }

    /// `name` (the setting) or the variable, in backticks, as a message names the source.
    pub fn named(self, name: &str) -> String {
        match self {
            Origin::Configured => format!("`{name}`"),
            Origin::Variable(variable) => format!("`{variable}`"),
        }
    }
}

/// A setting's value and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub origin: Origin,
}

/// A variable of the process environment (`None` when unset or not Unicode); the `env` argument
/// of [`or_env`] in production, where tests pass a map instead.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The configured value if there is one; else the value of `variable` in `env`, made into a `T`
/// by `parse`, when it is set and not blank; else `None`.
pub fn or_env<T>(
    configured: Option<T>,
    variable: &'static str,
    env: impl Fn(&str) -> Option<String>,
    parse: impl FnOnce(String) -> T,
) -> Option<Sourced<T>> {
    match configured {
        Some(value) => Some(Sourced {
            value,
            origin: Origin::Configured,
        }),
        None => env(variable)
            .filter(|text| !text.trim().is_empty())
            .map(|text| Sourced {
                value: parse(text),
                origin: Origin::Variable(variable),
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "SET" => Some("from env".into()),
            "BLANK" => Some(" \t".into()),
            _ => None,
        }
    }

    #[test]
    fn the_configuration_wins_over_the_environment() {
        let got = or_env(Some("written".to_string()), "SET", env, |t| t).unwrap();
        assert_eq!(got.value, "written");
        assert_eq!(got.origin, Origin::Configured);
        assert_eq!(got.origin.named("endpoint"), "`endpoint`");
    }

    #[test]
    fn an_unset_setting_is_read_from_its_variable_and_remembers_it() {
        let got = or_env(None, "SET", env, |t| t.len()).unwrap();
        assert_eq!(got.value, 8);
        assert_eq!(got.origin.variable(), Some("SET"));
        assert_eq!(got.origin.named("endpoint"), "`SET`");
    }

    #[test]
    fn unset_and_blank_variables_count_as_not_set() {
        assert_eq!(or_env(None, "BLANK", env, |t| t), None);
        assert_eq!(or_env(None, "MISSING", env, |t| t), None);
    }
}
