//! Exact numbers: cty numbers are arbitrary-precision decimals, so they are kept as canonical text.

/// An arbitrary-precision decimal number, kept as its canonical decimal text (e.g. `-12.5`, `1e+400`
/// is normalised by the codec). Integers of any size and floats round-trip without loss.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Number(String);
