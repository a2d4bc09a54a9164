//! Ownership across provider processes, through real terraform: two workspaces creating tenants
//! with the same slugs at the same time, while half of the calls fail before reaching the API,
//! never both hold one tenant. Runs over seeds; a failure names its seed (`FAULT_SEEDS=7,8`).

mod support;

use std::collections::BTreeSet;

use scaikey_emulator::{Config, Faults};
use support::diagnostics::{assert_mentions, text, unwrapped};
use support::state::ids_of_type;
use support::{describe, Api, Workspace};

fn seeds(default: &[u64]) -> Vec<u64> {
    match std::env::var("FAULT_SEEDS") {
        Ok(list) => list
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect(),
        Err(_) => default.to_vec(),
    }
}

const APPLY: [&str; 4] = ["apply", "-auto-approve", "-input=false", "-no-color"];

#[test]
fn two_workspaces_racing_for_the_same_slugs_never_both_hold_one_tenant() {
    for seed in seeds(&[1, 2]) {
        let api = Api::start_with(Config {
            fault_seed: Some(seed),
            ..Config::default()
        });
        let slugs = (0..6)
            .map(|i| format!("\"race{i}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let main_tf = api
            .config(&format!(
                r#"
resource "scaikey_tenant" "t" {{
  for_each = toset([{slugs}])
  name     = "Race ${{each.key}}"
  slug     = each.key
}}
"#
            ))
            .replace(
                "provider \"scaikey\" {\n",
                "provider \"scaikey\" {\n  max_retries = 25\n",
            );
        let workspaces: Vec<Workspace> = (0..2)
            .map(|_| {
                let ws = Workspace::new(support::mirror());
                ws.write_file("main.tf", &main_tf);
                ws.init();
                ws
            })
            .collect();
        api.emulator
            .set_faults(Faults {
                fail_rate: 0.5,
                ..Faults::default()
            })
            .expect("faults");
        let outputs: Vec<_> = std::thread::scope(|scope| {
            let runs: Vec<_> = workspaces
                .iter()
                .map(|ws| scope.spawn(move || ws.run(&APPLY)))
                .collect();
            runs.into_iter().map(|r| r.join().expect("ran")).collect()
        });
        api.emulator
            .set_faults(Faults::default())
            .expect("no faults");
        // Either may lose a slug to the other, and must say so; neither may take the other's.
        for output in &outputs {
            if !output.status.success() {
                assert_mentions(&unwrapped(&text(output)), &["already exists"]);
                assert!(!describe(output).contains("panicked"));
            }
        }
        let held: Vec<BTreeSet<String>> = workspaces
            .iter()
            .map(|ws| ids_of_type(&ws.show_json(), "scaikey_tenant"))
            .collect();
        let both: Vec<&String> = held[0].intersection(&held[1]).collect();
        assert!(
            both.is_empty(),
            "seed {seed}: held by both states: {both:?}"
        );
        let live: BTreeSet<String> = api
            .tenants_with_status("active")
            .iter()
            .map(|t| t["id"].as_str().expect("an id").to_string())
            .collect();
        let all: BTreeSet<String> = held[0].union(&held[1]).cloned().collect();
        assert_eq!(all, live, "seed {seed}: every tenant is held by one state");
        assert_eq!(live.len(), 6, "seed {seed}: every slug was created once");
    }
}
