//! The fault settings an emulator is started with or given at run time, and their check.

/// Fault injection settings. Rates are probabilities from 0 to 1. Faults never touch
/// `/_emulator/*` or the health check, and spare a token endpoint unless `on_token` is set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    /// Probability of a random 500 or 503 before the handler runs (nothing is committed).
    pub fail_rate: f64,
    /// Probability that a successful change is committed and its answer replaced by a 500.
    pub fail_after_commit_rate: f64,
    /// Probability that a successful change is committed and the connection closed unanswered.
    pub drop_after_commit_rate: f64,
    /// Requests allowed per one-second window; the excess gets 429 with `Retry-After`.
    pub rate_limit: Option<u32>,
    /// Delay added before every affected request is handled.
    pub latency_ms: u64,
    /// Whether the faults also apply to the token endpoint (an emulator without one ignores it).
    pub on_token: bool,
}

impl Faults {
    /// Checks that every rate is a probability; the error names the flag.
    pub fn check(&self) -> Result<(), String> {
        let rates = [
            ("fail-rate", self.fail_rate),
            ("fail-after-commit-rate", self.fail_after_commit_rate),
            ("drop-after-commit-rate", self.drop_after_commit_rate),
        ];
        match rates.iter().find(|(_, rate)| !(0.0..=1.0).contains(rate)) {
            Some((name, rate)) => Err(format!(
                "--{name} must be a probability from 0 to 1, not {rate}"
            )),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_outside_zero_to_one_are_refused_with_the_flag_name() {
        let faults = Faults {
            drop_after_commit_rate: 1.5,
            ..Faults::default()
        };
        let err = faults.check().unwrap_err();
        assert!(err.contains("--drop-after-commit-rate"), "{err}");
        let nan = Faults {
            fail_rate: f64::NAN,
            ..Faults::default()
        };
        assert!(nan.check().is_err());
        assert!(Faults::default().check().is_ok());
    }
}
