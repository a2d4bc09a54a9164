//! The configurations measured, as a table: what each manages, which provider it needs and its
//! Terraform text for a given N.

/// Which provider a scenario installs from the mirror.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    /// Built into terraform: nothing to install.
    Nothing,
    /// `resistant-ai/resistant` with the emulator's endpoint.
    Resistant,
    /// The schema twin `bench/resistant`: the Resistant schemas, no API.
    Twin,
    /// The framework's example `example/null`.
    NullExample,
    /// HashiCorp's Go `hashicorp/null` 2.1.2.
    GoNull,
}

/// One measured configuration.
pub struct Scenario {
    /// Short name used in the round lines.
    pub key: &'static str,
    /// What it manages, for the report (`{n}` and `{2n}` are filled in).
    pub label: &'static str,
    pub needs: Needs,
}

pub const FLOOR: Scenario = Scenario {
    key: "floor",
    label: "{n} + {n} terraform_data, children on parents (built in, the same-graph floor)",
    needs: Needs::Nothing,
};
pub const RESISTANT: Scenario = Scenario {
    key: "resistant",
    label: "{n} resistant_tenant + {n} resistant_tenant_application (provider + emulator)",
    needs: Needs::Resistant,
};
pub const TWIN: Scenario = Scenario {
    key: "twin",
    label: "{n} resistant_tenant + {n} resistant_tenant_application (schema twin, no API)",
    needs: Needs::Twin,
};
pub const NULL_EXAMPLE: Scenario = Scenario {
    key: "null-example",
    label: "{n} + {n} null_resource, children on parents, the framework's example provider",
    needs: Needs::NullExample,
};
pub const GO_NULL: Scenario = Scenario {
    key: "go-null",
    label: "{n} + {n} null_resource, children on parents, HashiCorp's Go null provider 2.1.2",
    needs: Needs::GoNull,
};

impl Scenario {
    pub fn label(&self, n: usize) -> String {
        self.label
            .replace("{2n}", &(2 * n).to_string())
            .replace("{n}", &n.to_string())
    }
}

/// Where the Resistant provider finds the emulator.
pub struct Endpoint {
    pub endpoint: String,
    pub token_url: String,
    pub client_id: String,
    pub client_secret: String,
}

fn required(name: &str, source: &str, version: &str) -> String {
    format!(
        "terraform {{\n  required_providers {{\n    {name} = {{\n      source  = \"{source}\"\n      \
         version = \"{version}\"\n    }}\n  }}\n}}\n\n"
    )
}

/// The configuration of `scenario` for `n`: every one has the same graph, `n` parents and `n`
/// children each depending on its parent (the Resistant and twin ones need `endpoint`).
pub fn config(scenario: &Scenario, n: usize, endpoint: Option<&Endpoint>) -> String {
    match scenario.needs {
        Needs::Nothing => format!(
            "resource \"terraform_data\" \"p\" {{\n  count = {n}\n  input = count.index\n}}\n\n\
             resource \"terraform_data\" \"c\" {{\n  count = {n}\n  \
             input = terraform_data.p[count.index].id\n}}\n"
        ),
        Needs::NullExample | Needs::GoNull => {
            let (source, version) = if scenario.needs == Needs::GoNull {
                ("hashicorp/null", "2.1.2")
            } else {
                ("example/null", crate::NULL_EXAMPLE_VERSION)
            };
            format!(
                "{}resource \"null_resource\" \"p\" {{\n  count    = {n}\n  \
                 triggers = {{ i = count.index }}\n}}\n\n\
                 resource \"null_resource\" \"c\" {{\n  count    = {n}\n  \
                 triggers = {{ p = null_resource.p[count.index].id }}\n}}\n",
                required("null", source, version)
            )
        }
        Needs::Resistant | Needs::Twin => {
            let e = endpoint.expect("the resistant scenarios need the emulator's endpoint");
            let source = if scenario.needs == Needs::Twin {
                TWIN_SOURCE
            } else {
                "resistant-ai/resistant"
            };
            format!(
                "{}provider \"resistant\" {{\n  endpoint      = \"{}\"\n  token_url     = \"{}\"\n  \
                 client_id     = \"{}\"\n  client_secret = \"{}\"\n}}\n\n\
                 resource \"resistant_tenant\" \"t\" {{\n  count               = {n}\n  \
                 name                = \"bench${{count.index}}\"\n  deletion_protection = false\n}}\n\n\
                 resource \"resistant_tenant_application\" \"a\" {{\n  count     = {n}\n  \
                 tenant_id = resistant_tenant.t[count.index].id\n  cell      = \"eu-1\"\n  \
                 scopes    = [\"documents.submissions.read\"]\n}}\n",
                required("resistant", source, crate::RESISTANT_VERSION),
                e.endpoint,
                e.token_url,
                e.client_id,
                e.client_secret
            )
        }
    }
}

/// The twin's source address in the mirror (its local name stays `resistant`).
pub const TWIN_SOURCE: &str = "bench/resistant";
