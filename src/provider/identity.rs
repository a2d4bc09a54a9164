//! The Resistant resources' identities (Terraform 1.12+), beside their attribute tables: a tenant
//! is named by its `id`, an application by its tenant's and its own. They spell the import IDs the
//! resources already accept (`<id>`, `<tenant_id>/<id>`), so importing by identity and by ID is
//! the same import.

use tf_provider_framework::identity::{Identity, IdentityField, ImportId};

/// `resistant_tenant`: `{ id }`.
pub const TENANT: Identity = Identity {
    type_name: "resistant_tenant",
    fields: &[IdentityField::string(
        "id",
        "The tenant's ID, as the Tenant Management API assigned it.",
    )],
    import_id: ImportId::Joined("/"),
    mismatch_advice: "Give the tenant's ID as the API shows it.",
};

/// `resistant_tenant_application`: `{ tenant_id, id }`.
pub const TENANT_APPLICATION: Identity = Identity {
    type_name: "resistant_tenant_application",
    fields: &[
        IdentityField::string(
            "tenant_id",
            "The ID of the tenant the application belongs to.",
        ),
        IdentityField::string("id", "The application's ID within its tenant."),
    ],
    import_id: ImportId::Joined("/"),
    mismatch_advice: "Give the tenant's and the application's IDs as the API shows them.",
};

/// Every identity of the provider.
pub fn all() -> Vec<&'static Identity> {
    vec![&TENANT, &TENANT_APPLICATION]
}

#[cfg(test)]
mod tests {
    use super::*;
    use tf_provider_framework::protocol::cty::Value;

    #[test]
    fn identities_name_the_types_they_belong_to_and_spell_their_import_ids() {
        let types: Vec<_> = crate::provider::resources::all()
            .iter()
            .map(|resource| resource.type_name())
            .collect();
        for identity in all() {
            assert!(
                types.contains(&identity.type_name),
                "{}",
                identity.type_name
            );
        }
        let application = Value::object([
            ("tenant_id", Value::string("t1")),
            ("id", Value::string("a1")),
        ]);
        assert_eq!(TENANT_APPLICATION.import_id(&application).unwrap(), "t1/a1");
    }
}
