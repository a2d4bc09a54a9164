//! Resource identity (protocol 6.9, Terraform 1.12+): the identity schema a managed resource type
//! declares beside its state schema, and the requests of the identity RPCs (identity upgrade and
//! import by identity). An identity is a small object of primitive attributes that names one
//! remote object for its whole life.

use crate::cty::{Type, Value};
use crate::diagnostics::Diagnostics;

/// One attribute of an identity.
#[derive(Clone, Debug, PartialEq)]
pub struct IdentityAttribute {
    /// Its name.
    pub name: String,
    /// Its type (a primitive, or a list of them).
    pub ty: Type,
    /// Whether an `import { identity = { ... } }` block must set it.
    pub required_for_import: bool,
    /// Whether such a block may leave it out (the provider then works it out).
    pub optional_for_import: bool,
    /// What it is, in Markdown.
    pub description: String,
}

impl IdentityAttribute {
    /// An attribute an import must give.
    pub fn required(name: impl Into<String>, ty: Type, description: impl Into<String>) -> Self {
        IdentityAttribute {
            name: name.into(),
            ty,
            required_for_import: true,
            optional_for_import: false,
            description: description.into(),
        }
    }

    /// An attribute an import may leave out.
    pub fn optional(name: impl Into<String>, ty: Type, description: impl Into<String>) -> Self {
        IdentityAttribute {
            required_for_import: false,
            optional_for_import: true,
            ..Self::required(name, ty, description)
        }
    }
}

/// A managed resource type's identity schema.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct IdentitySchema {
    /// Raised whenever the attributes change (stored identities of older versions are upgraded).
    pub version: i64,
    /// The attributes, in order.
    pub attributes: Vec<IdentityAttribute>,
}

impl IdentitySchema {
    /// A version 0 identity of these attributes.
    pub fn new(attributes: Vec<IdentityAttribute>) -> Self {
        IdentitySchema {
            version: 0,
            attributes,
        }
    }

    /// The object type identity values have.
    pub fn implied_type(&self) -> Type {
        Type::object(
            self.attributes
                .iter()
                .map(|attribute| (attribute.name.clone(), attribute.ty.clone())),
        )
    }
}

/// A stored identity written under an older identity version, to migrate.
#[derive(Clone, Debug, Default)]
pub struct UpgradeResourceIdentityRequest {
    /// The resource type.
    pub type_name: String,
    /// The identity version it was written under (below the current one).
    pub version: i64,
    /// The stored identity, parsed from its JSON.
    pub raw_identity: serde_json::Value,
}

/// The answer to [`crate::provider::Provider::upgrade_resource_identity`].
#[derive(Clone, Debug, Default)]
pub struct UpgradeResourceIdentityResponse {
    /// The identity in the shape of the current identity schema, as JSON.
    pub upgraded_identity: serde_json::Value,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
}

/// An import block naming its object by identity instead of an ID.
#[derive(Clone, Debug, Default)]
pub struct ImportByIdentityRequest {
    /// The resource type.
    pub type_name: String,
    /// The identity as written (attributes the schema allows to be left out may be null).
    pub identity: Value,
}
