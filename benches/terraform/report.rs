//! Medians, ratios and the verdict lines: each target is PASS, MISS or NOT MEASURED, never a
//! panic or a failed build.

/// The median of `values` (the lower middle one for an even count); NaN when empty.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted.sort_by(f64::total_cmp);
    sorted[(sorted.len() - 1) / 2]
}

/// The median of the per-round ratios `a[i] / b[i]` (rounds pair up measurements taken close
/// together in time, so a noisy minute moves both).
pub fn median_ratio(a: &[f64], b: &[f64]) -> f64 {
    let ratios: Vec<f64> = a.iter().zip(b).map(|(x, y)| x / y).collect();
    median(&ratios)
}

/// The outcome of one target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Miss,
    NotMeasured,
}

impl Verdict {
    pub fn of(pass: bool) -> Verdict {
        if pass {
            Verdict::Pass
        } else {
            Verdict::Miss
        }
    }

    fn word(self) -> &'static str {
        match self {
            Verdict::Pass => "PASS",
            Verdict::Miss => "MISS",
            Verdict::NotMeasured => "NOT MEASURED",
        }
    }
}

/// Collects and prints `TARGET <name>: <actual> (target <wanted>) <verdict>` lines.
#[derive(Default)]
pub struct Targets {
    lines: Vec<(String, Verdict)>,
}

impl Targets {
    pub fn add(&mut self, name: &str, actual: &str, wanted: &str, verdict: Verdict) {
        self.lines.push((
            format!(
                "TARGET {name}: {actual} (target {wanted}) {}",
                verdict.word()
            ),
            verdict,
        ));
    }

    /// The target lines and the closing count.
    pub fn print(&self) {
        for (line, _) in &self.lines {
            println!("{line}");
        }
        let measured = self
            .lines
            .iter()
            .filter(|(_, v)| *v != Verdict::NotMeasured)
            .count();
        let passed = self
            .lines
            .iter()
            .filter(|(_, v)| *v == Verdict::Pass)
            .count();
        let unmeasured = self.lines.len() - measured;
        print!("targets met: {passed}/{measured}");
        if unmeasured > 0 {
            print!(" ({unmeasured} not measured)");
        }
        println!();
    }
}
