//! `raven_tenant`'s identity (Terraform 1.12+), beside its attribute table: `{ id }`. Raven reads a
//! tenant only through its own key, so an import by identity imports `current` (the tenant of the
//! provider's `api_key`) and is refused when that tenant is not the one the identity names. An API
//! key has no identity: it is shown once and cannot be read back, so it cannot be imported.

use tf_provider_framework::identity::{Identity, IdentityField, ImportId};

/// `raven_tenant`: `{ id }`.
pub const TENANT: Identity = Identity {
    type_name: "raven_tenant",
    fields: &[IdentityField::string(
        "id",
        "The tenant's ID, as Raven assigned it at registration.",
    )],
    import_id: ImportId::Fixed("current"),
    mismatch_advice: "Raven reads a tenant only through its own keys: set the provider's \
                      `api_key` to a key of the tenant the identity names, then import again.",
};
