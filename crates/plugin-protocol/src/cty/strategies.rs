//! Test-only proptest strategies shared by the codecs' unit tests: small random cty types.

use proptest::prelude::*;

use super::Type;

/// A random type up to three levels deep: primitives, dynamic, collections, objects of up to three
/// attributes, tuples of up to two elements.
pub fn arb_type() -> BoxedStrategy<Type> {
    let leaf = prop_oneof![
        Just(Type::Bool),
        Just(Type::Number),
        Just(Type::String),
        Just(Type::Dynamic)
    ];
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(Type::list),
            inner.clone().prop_map(Type::set),
            inner.clone().prop_map(Type::map),
            prop::collection::btree_map("[a-c]{1,2}", inner.clone(), 0..4).prop_map(Type::object),
            prop::collection::vec(inner, 0..3).prop_map(Type::tuple),
        ]
    })
    .boxed()
}
