//! The ScaiKey tenant's identity (Terraform 1.12+), beside its attribute table: `{ id }`, the
//! tenant's ID, which is also its import ID.

use tf_provider_framework::identity::{Identity, IdentityField, ImportId};

/// `scaikey_tenant`: `{ id }`.
pub const TENANT: Identity = Identity {
    type_name: "scaikey_tenant",
    fields: &[IdentityField::string(
        "id",
        "The tenant's ID, as ScaiKey assigned it (a UUID).",
    )],
    import_id: ImportId::Joined("/"),
    mismatch_advice: "Give the tenant's ID as ScaiKey shows it.",
};
