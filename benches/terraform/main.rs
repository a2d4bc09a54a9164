//! The end-to-end benchmark behind `scripts/bench.sh`: real terraform against release builds of
//! the Resistant provider and emulator, its schema twin, the framework's null example, HashiCorp's
//! Go null provider and the built-in `terraform_data`, all on one graph (N parents, N children),
//! in alternating rounds, and the figures with their targets. Settings come from the environment (`BENCH_N`, `BENCH_ROUNDS`,
//! `BENCH_HANDSHAKES` and the binaries' paths; see `scripts/bench.sh`).

mod breakdown;
mod emulator;
mod handshake;
mod load;
mod machine;
mod report;
mod rss;
mod scenarios;
mod shared_limit;
mod terraform;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};
use emulator::{difference, Counts, EmulatorProcess};
use report::{median, median_ratio, Targets, Verdict};
use scenarios::{Endpoint, Needs, Scenario, FLOOR, GO_NULL, NULL_EXAMPLE, RESISTANT, TWIN};
use terraform::WorkDir;
use tf_acceptance::{Mirror, ProviderUnderTest};

/// The version the Resistant provider is placed in the mirror under.
pub const RESISTANT_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The version the framework's null example is placed in the mirror under.
pub const NULL_EXAMPLE_VERSION: &str = "0.1.0";

/// The Resistant provider against the same-graph floor.
const TARGET_A_FLOOR_MAX: f64 = 1.25;
/// The Resistant provider against its schema twin: what our client, HTTP and emulator add.
const TARGET_A_TWIN_MAX: f64 = 1.10;
const TARGET_B_MAX: f64 = 1.0;
/// Requests sent by workspaces sharing a rate limit, against what they need alone.
const TARGET_SHARED_MAX: f64 = 1.3;
const TARGET_D_MAX_MS: f64 = 3.0;
const TARGET_E_MAX_MB: f64 = 16.0;
/// The provider's peak RSS in the scale mode (N = 1000).
const TARGET_SCALE_RSS_MAX_MB: f64 = 20.0;
const TARGET_F_MIN: f64 = 15_000.0;

/// What to measure and with which binaries.
struct Settings {
    n: usize,
    rounds: usize,
    handshakes: usize,
    /// The scale mode (`BENCH_SCALE=1`): the floor and the provider only, one round; (a), (c)
    /// and (e) with the scale targets.
    scale: bool,
    /// The shared rate limit: workspaces, tenants (and applications) each, requests per second.
    shared: (usize, usize, usize),
    provider: PathBuf,
    twin: PathBuf,
    emulator: PathBuf,
    null_example: PathBuf,
    /// HashiCorp's binary, or why there is none.
    go_null: Result<PathBuf, String>,
}

fn number(key: &str, default: usize) -> anyhow::Result<usize> {
    match std::env::var(key) {
        Err(_) => Ok(default),
        Ok(text) => match text.trim().parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => bail!("{key}={text:?} is not a positive whole number"),
        },
    }
}

fn path(key: &str, default: PathBuf) -> PathBuf {
    std::env::var_os(key).map(PathBuf::from).unwrap_or(default)
}

impl Settings {
    fn from_env() -> anyhow::Result<Settings> {
        let release = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release");
        let go_null = match std::env::var("BENCH_GO_NULL") {
            Ok(p) if !p.is_empty() => Ok(PathBuf::from(p)),
            _ => Err(std::env::var("BENCH_GO_NULL_MISSING").unwrap_or_else(|_| {
                "BENCH_GO_NULL is not set (scripts/bench.sh fetches the binary)".into()
            })),
        };
        let settings = Settings {
            n: number("BENCH_N", 100)?,
            rounds: number("BENCH_ROUNDS", 3)?,
            handshakes: number("BENCH_HANDSHAKES", 40)?,
            scale: std::env::var("BENCH_SCALE").is_ok_and(|v| v == "1"),
            shared: (
                number("BENCH_SHARED_WORKSPACES", 10)?,
                number("BENCH_SHARED_N", 20)?,
                number("BENCH_SHARED_RATE", 20)?,
            ),
            provider: path(
                "BENCH_PROVIDER",
                env!("CARGO_BIN_EXE_terraform-provider-resistant").into(),
            ),
            twin: path(
                "BENCH_TWIN",
                env!("CARGO_BIN_EXE_terraform-provider-resistant-twin").into(),
            ),
            emulator: path("BENCH_EMULATOR", release.join("resistant-emulator")),
            null_example: path(
                "BENCH_NULL_EXAMPLE",
                release.join("examples/terraform-provider-null"),
            ),
            go_null,
        };
        for binary in [
            &settings.provider,
            &settings.twin,
            &settings.emulator,
            &settings.null_example,
        ] {
            if !binary.is_file() {
                bail!(
                    "{} does not exist; build it first (scripts/bench.sh builds every binary)",
                    binary.display()
                );
            }
        }
        Ok(settings)
    }
}

/// One scenario's times in one round, in seconds.
#[derive(Clone, Copy, Default)]
struct Times {
    apply: f64,
    destroy: f64,
    /// The plan of the applied configuration (floor, twin and Resistant only).
    plan: Option<f64>,
}

impl Times {
    fn lifecycle(&self) -> f64 {
        self.apply + self.destroy
    }
}

/// Everything one scenario measured over the rounds.
struct Series<'a> {
    scenario: &'a Scenario,
    work: WorkDir,
    rounds: Vec<Times>,
}

impl Series<'_> {
    fn lifecycles(&self) -> Vec<f64> {
        self.rounds.iter().map(Times::lifecycle).collect()
    }
    fn plans(&self) -> Vec<f64> {
        self.rounds.iter().filter_map(|t| t.plan).collect()
    }
}

/// What the Resistant plans of (c) cost the emulator, per round.
#[derive(Default)]
struct PlanRequests {
    per_round: Vec<Counts>,
    all_empty: bool,
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// One apply, (plan,) destroy of `series`, recording the emulator's requests during the plan.
fn one_round(
    series: &mut Series<'_>,
    emu: &EmulatorProcess,
    rt: &tokio::runtime::Runtime,
    http: &reqwest::Client,
    requests: &mut PlanRequests,
) -> anyhow::Result<()> {
    let apply = secs(series.work.apply()?);
    let plan = match series.scenario.needs {
        Needs::Nothing | Needs::Twin => {
            let outcome = series.work.plan()?;
            Some(secs(outcome.took))
        }
        Needs::Resistant => {
            let before = rt.block_on(emu.stats(http))?;
            let outcome = series.work.plan()?;
            let after = rt.block_on(emu.stats(http))?;
            requests.per_round.push(difference(&before, &after));
            requests.all_empty &= outcome.empty;
            Some(secs(outcome.took))
        }
        Needs::NullExample | Needs::GoNull => None,
    };
    let destroy = secs(series.work.destroy()?);
    series.rounds.push(Times {
        apply,
        destroy,
        plan,
    });
    Ok(())
}

/// A mirror of the providers measured, the Resistant one from `resistant` (the binary, or the
/// wrapper that records its usage).
fn mirror_of(settings: &Settings, resistant: &Path) -> Mirror {
    let mut providers = vec![
        ProviderUnderTest {
            source: "registry.terraform.io/resistant-ai/resistant".into(),
            version: RESISTANT_VERSION.into(),
            binary: resistant.to_path_buf(),
        },
        ProviderUnderTest {
            source: format!("registry.terraform.io/{}", scenarios::TWIN_SOURCE),
            version: RESISTANT_VERSION.into(),
            binary: settings.twin.clone(),
        },
        ProviderUnderTest {
            source: "registry.terraform.io/example/null".into(),
            version: NULL_EXAMPLE_VERSION.into(),
            binary: settings.null_example.clone(),
        },
    ];
    if let Ok(go_null) = &settings.go_null {
        providers.push(ProviderUnderTest {
            source: "registry.terraform.io/hashicorp/null".into(),
            version: "2.1.2".into(),
            binary: go_null.clone(),
        });
    }
    Mirror::new(&providers)
}

/// One more apply + destroy of (a) with terraform and every provider process under GNU time:
/// prints the provider's peak RSS and where the CPU time went; answers the peak in MB.
fn accounting_round(
    settings: &Settings,
    scratch: &tempfile::TempDir,
    endpoint: &Endpoint,
    emu: &EmulatorProcess,
    rt: &tokio::runtime::Runtime,
    http: &reqwest::Client,
) -> anyhow::Result<f64> {
    let dir = scratch.path().join("accounting");
    let wrapper = rss::wrapper(&dir, &settings.provider)?;
    let accounting_mirror = mirror_of(settings, &wrapper.script);
    let config = scenarios::config(&RESISTANT, settings.n, Some(endpoint));
    let terraform_log = dir.join("terraform.log");
    let timings = dir.join("rpc-timings.jsonl");
    let work = WorkDir::init(&dir.join("work"), &accounting_mirror, &config)?
        .accounted(terraform_log.clone())
        .with_env("PROVIDER_RPC_TIMINGS", timings.clone());
    // The processes of init are not part of (a).
    let _ = std::fs::remove_file(&wrapper.log);
    let emulator_before = rss::process_cpu_secs(emu.pid())?;
    let requests_before = rt.block_on(emu.stats(http))?;
    let micros_before = rt.block_on(emu.handler_micros(http))?;
    let wall = secs(work.apply()?) + secs(work.destroy()?);
    let emulator_cpu = rss::process_cpu_secs(emu.pid())? - emulator_before;
    let served = difference(&requests_before, &rt.block_on(emu.stats(http))?);
    let handled = difference(&micros_before, &rt.block_on(emu.handler_micros(http))?);
    let providers = rss::usages(&wrapper.log)?;
    let terraform = rss::usages(&terraform_log)?;
    // The floor under GNU time too, for terraform's own CPU time without a provider.
    let floor_log = dir.join("floor.log");
    let floor = WorkDir::init(
        &dir.join("floor"),
        &accounting_mirror,
        &scenarios::config(&FLOOR, settings.n, None),
    )?
    .accounted(floor_log.clone());
    let floor_wall = secs(floor.apply()?) + secs(floor.destroy()?);
    let floor_cpu: f64 = rss::usages(&floor_log)?.iter().map(|u| u.cpu_secs).sum();
    let most_kib = providers.iter().map(|u| u.max_rss_kib).max().unwrap_or(0);
    let mb = most_kib as f64 * 1024.0 / 1e6;
    println!(
        "  {} provider processes; the largest peaked at {mb:.1} MB ({most_kib} KiB)",
        providers.len()
    );
    // GNU time around terraform counts the plugins it waited for too.
    let providers_cpu: f64 = providers.iter().map(|u| u.cpu_secs).sum();
    let terraform_cpu = terraform.iter().map(|u| u.cpu_secs).sum::<f64>() - providers_cpu;
    println!(
        "  CPU time of that round ({wall:.2} s wall, {} cores): terraform {terraform_cpu:.2} s, \
         providers {providers_cpu:.2} s, emulator {emulator_cpu:.2} s",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "  the floor's apply + destroy under GNU time: {floor_wall:.2} s wall, terraform {floor_cpu:.2} s CPU"
    );
    println!("  time in the provider per RPC (its own timings, PROVIDER_RPC_TIMINGS):");
    for line in breakdown::rpc_lines(&timings)? {
        println!("    {line}");
    }
    let total: u64 = served.values().sum();
    println!(
        "  requests the emulator served: {total}, {:.2} per resource",
        total as f64 / (2 * settings.n) as f64
    );
    for (route, count) in &served {
        let micros = handled.get(route).copied().unwrap_or(0);
        println!(
            "    {route}: {count}, {:.1} ms in the handler, {:.0} µs each",
            micros as f64 / 1e3,
            micros as f64 / (*count).max(1) as f64
        );
    }
    Ok(mb)
}

/// The shared rate limit of (g): two more emulators, one with `--rate-limit`.
fn shared_limit_round(
    settings: &Settings,
    scratch: &tempfile::TempDir,
    mirror: &Mirror,
    rt: &tokio::runtime::Runtime,
    http: &reqwest::Client,
) -> anyhow::Result<shared_limit::Outcome> {
    let (workspaces, each, rate) = settings.shared;
    let room = workspaces * each + 10;
    let rate = rate.to_string();
    let limited = EmulatorProcess::start_with(&settings.emulator, room, &["--rate-limit", &rate])?;
    let free = EmulatorProcess::start(&settings.emulator, room)?;
    let endpoint = |emu: &EmulatorProcess| Endpoint {
        endpoint: emu.endpoint(),
        token_url: emu.token_url(),
        client_id: emulator::CLIENT_ID.into(),
        client_secret: emulator::CLIENT_SECRET.into(),
    };
    let count = |emu: &EmulatorProcess| -> anyhow::Result<u64> { rt.block_on(emu.received(http)) };
    shared_limit::compare(
        &scratch.path().join("shared"),
        mirror,
        workspaces,
        each,
        (&endpoint(&limited), &|| count(&limited)),
        (&endpoint(&free), &|| count(&free)),
    )
}

fn fmt_s(v: f64) -> String {
    format!("{v:.2} s")
}

fn fmt_x(v: f64) -> String {
    if v.is_nan() {
        "not measured".into()
    } else {
        format!("{v:.2}x")
    }
}

fn run(settings: &Settings) -> anyhow::Result<()> {
    let n = settings.n;
    let release = [
        &settings.provider,
        &settings.twin,
        &settings.emulator,
        &settings.null_example,
    ]
    .iter()
    .all(|p| p.components().any(|c| c.as_os_str() == "release"));
    println!(
        "== terraform benchmark: N = {n}, {} round(s) in alternating order, {}",
        settings.rounds,
        if release {
            "release builds"
        } else {
            "NOT all release builds: figures are not comparable"
        }
    );
    for line in machine::describe() {
        println!("{line}");
    }
    if let Err(reason) = &settings.go_null {
        println!("HashiCorp's Go null provider: not available ({reason}); (b) and (d) are not measured against it");
    }

    let rt = runtime()?;
    let http = reqwest::Client::new();
    let emu = EmulatorProcess::start(&settings.emulator, n + 10)?;
    let endpoint = Endpoint {
        endpoint: emu.endpoint(),
        token_url: emu.token_url(),
        client_id: emulator::CLIENT_ID.into(),
        client_secret: emulator::CLIENT_SECRET.into(),
    };
    let scratch = tempfile::tempdir().context("a temporary directory")?;
    let mirror = mirror_of(settings, &settings.provider);

    let mut scenarios: Vec<&Scenario> = if settings.scale {
        vec![&FLOOR, &RESISTANT]
    } else {
        vec![&FLOOR, &TWIN, &RESISTANT, &NULL_EXAMPLE]
    };
    if settings.go_null.is_ok() && !settings.scale {
        scenarios.push(&GO_NULL);
    }
    let mut series = Vec::new();
    for scenario in &scenarios {
        let config = scenarios::config(scenario, n, Some(&endpoint));
        let work = WorkDir::init(&scratch.path().join(scenario.key), &mirror, &config)?;
        series.push(Series {
            scenario,
            work,
            rounds: Vec::new(),
        });
    }

    let mut requests = PlanRequests {
        all_empty: true,
        ..PlanRequests::default()
    };
    for round in 0..settings.rounds {
        let mut order: Vec<usize> = (0..series.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        let mut line = format!("round {}/{}:", round + 1, settings.rounds);
        for index in order {
            let s = &mut series[index];
            one_round(s, &emu, &rt, &http, &mut requests)?;
            let t = s.rounds.last().copied().unwrap_or_default();
            line.push_str(&format!(
                " {} {:.2} s (apply {:.2} + destroy {:.2}{});",
                s.scenario.key,
                t.lifecycle(),
                t.apply,
                t.destroy,
                t.plan.map(|p| format!(", plan {p:.2}")).unwrap_or_default()
            ));
        }
        println!("{}", line.trim_end_matches(';'));
    }

    let by_key = |key: &str| series.iter().find(|s| s.scenario.key == key);
    let floor = by_key(FLOOR.key).context("floor series")?;
    let ours = by_key(RESISTANT.key).context("resistant series")?;
    let nan = vec![f64::NAN; settings.rounds];
    let lifecycles_of = |key: &str| by_key(key).map_or_else(|| nan.clone(), Series::lifecycles);
    let twin_lifecycles = lifecycles_of(TWIN.key);
    let twin_plans = by_key(TWIN.key).map_or_else(|| nan.clone(), Series::plans);
    let null_lifecycles = lifecycles_of(NULL_EXAMPLE.key);
    let go_lifecycles = lifecycles_of(GO_NULL.key);

    let mut targets = Targets::default();
    println!();
    println!(
        "medians over {} round(s) of apply + destroy:",
        settings.rounds
    );
    for s in &series {
        println!(
            "  {:<78} {}",
            s.scenario.label(n),
            fmt_s(median(&s.lifecycles()))
        );
    }

    println!("(a) {}:", RESISTANT.label(n));
    let a_floor = median_ratio(&ours.lifecycles(), &floor.lifecycles());
    let a_twin = median_ratio(&ours.lifecycles(), &twin_lifecycles);
    let twin_floor = median_ratio(&twin_lifecycles, &floor.lifecycles());
    println!(
        "  schema twin / same-graph floor, Terraform's price of the schemas: {}",
        fmt_x(twin_floor)
    );
    println!(
        "  resistant / schema twin, ours (client, HTTP, emulator): {}",
        fmt_x(a_twin)
    );
    println!("  resistant / same-graph floor: {}", fmt_x(a_floor));
    println!(
        "  resistant / HashiCorp's Go null provider: {}",
        fmt_x(median_ratio(&ours.lifecycles(), &go_lifecycles))
    );
    println!(
        "  resistant / the framework's null example: {}",
        fmt_x(median_ratio(&ours.lifecycles(), &null_lifecycles))
    );
    targets.add(
        "(a) resistant apply+destroy / same-graph floor",
        &fmt_x(a_floor),
        &format!("<= {TARGET_A_FLOOR_MAX}x"),
        Verdict::of(a_floor <= TARGET_A_FLOOR_MAX),
    );
    if !settings.scale {
        targets.add(
            "(a) resistant apply+destroy / schema twin",
            &fmt_x(a_twin),
            &format!("<= {TARGET_A_TWIN_MAX}x"),
            Verdict::of(a_twin <= TARGET_A_TWIN_MAX),
        );
    }

    if !settings.scale {
        println!("(b) {n} + {n} no-op resources:");
        let b_ours = median_ratio(&null_lifecycles, &floor.lifecycles());
        let b_go = median_ratio(&go_lifecycles, &floor.lifecycles());
        let b = median_ratio(&null_lifecycles, &go_lifecycles);
        println!("  the framework's null example / floor: {}", fmt_x(b_ours));
        println!("  HashiCorp's Go null provider / floor: {}", fmt_x(b_go));
        println!("  the framework's null example / Go null: {}", fmt_x(b));
        targets.add(
            "(b) null example / Go null provider",
            &fmt_x(b),
            &format!("<= {TARGET_B_MAX}x"),
            if b.is_nan() {
                Verdict::NotMeasured
            } else {
                Verdict::of(b <= TARGET_B_MAX)
            },
        );
    }

    println!("(c) terraform plan of {n} existing tenants + {n} applications:");
    let plan_ratio = median_ratio(&ours.plans(), &floor.plans());
    println!(
        "  wall: {} (the floor's plan: {}, the twin's: {}), ratio to the floor {}",
        fmt_s(median(&ours.plans())),
        fmt_s(median(&floor.plans())),
        fmt_s(median(&twin_plans)),
        fmt_x(plan_ratio)
    );
    let totals: Vec<u64> = requests
        .per_round
        .iter()
        .map(|c| c.values().sum())
        .collect();
    let most = totals.iter().copied().max().unwrap_or(0);
    println!("  requests served per plan, by round: {totals:?}");
    if let Some(last) = requests.per_round.last() {
        for (route, count) in last {
            println!("    {route}: {count}");
        }
    }
    println!(
        "  every plan was empty: {}",
        if requests.all_empty { "yes" } else { "NO" }
    );
    let allowed = n.div_ceil(100) as u64 + n as u64 + 3;
    targets.add(
        "(c) requests of one plan",
        &most.to_string(),
        &format!("<= ceil(N/100) + N + 3 = {allowed}"),
        Verdict::of(most <= allowed && requests.all_empty),
    );

    if !settings.scale {
        let (workspaces, each, rate) = settings.shared;
        println!(
            "(g) {workspaces} workspaces of {each} tenants + {each} applications applied at once, \
             one emulator allowing {rate} requests/s:"
        );
        let shared = shared_limit_round(settings, &scratch, &mirror, &rt, &http);
        match &shared {
            Ok(outcome) => println!(
                "  requests sent: {} (the same applies one at a time, no limit: {}), ratio {}; \
                 wall {}",
                outcome.contended,
                outcome.alone,
                fmt_x(outcome.ratio()),
                fmt_s(outcome.wall.as_secs_f64())
            ),
            Err(error) => println!("  FAILED: {error:#}"),
        }
        let shared_ratio = shared
            .as_ref()
            .map_or(f64::NAN, shared_limit::Outcome::ratio);
        targets.add(
            "(g) requests under a shared rate limit / needed alone",
            &fmt_x(shared_ratio),
            &format!("<= {TARGET_SHARED_MAX}x, every apply succeeding"),
            Verdict::of(shared.is_ok() && shared_ratio <= TARGET_SHARED_MAX),
        );

        println!(
            "(d) handshake, exec to handshake line, median of {}:",
            settings.handshakes
        );
        let ours_ms = median(&handshake::measure(
            &settings.provider,
            6,
            settings.handshakes,
        )?);
        let null_ms = median(&handshake::measure(
            &settings.null_example,
            6,
            settings.handshakes,
        )?);
        let go_ms = match &settings.go_null {
            Ok(binary) => median(&handshake::measure(binary, 5, settings.handshakes)?),
            Err(_) => f64::NAN,
        };
        let ms = |v: f64| {
            if v.is_nan() {
                "not measured".to_string()
            } else {
                format!("{v:.2} ms")
            }
        };
        println!("  terraform-provider-resistant: {}", ms(ours_ms));
        println!("  the framework's null example: {}", ms(null_ms));
        println!("  HashiCorp's Go null provider (protocol 5): {}", ms(go_ms));
        targets.add(
            "(d) handshake of terraform-provider-resistant",
            &ms(ours_ms),
            &format!("<= {TARGET_D_MAX_MS} ms and below the Go null provider"),
            if ours_ms > TARGET_D_MAX_MS {
                Verdict::Miss
            } else if go_ms.is_nan() {
                // Within the bound; whether below the Go null provider is unknown.
                Verdict::NotMeasured
            } else {
                Verdict::of(ours_ms < go_ms)
            },
        );
    }

    let rss_max = if settings.scale {
        TARGET_SCALE_RSS_MAX_MB
    } else {
        TARGET_E_MAX_MB
    };
    println!("(e) peak RSS of the provider processes during a separate round of (a):");
    let peak_mb = match accounting_round(settings, &scratch, &endpoint, &emu, &rt, &http) {
        Ok(mb) => Some(mb),
        Err(error) => {
            println!("  not measured: {error:#}");
            None
        }
    };
    targets.add(
        "(e) provider peak RSS",
        &peak_mb
            .map(|mb| format!("{mb:.1} MB"))
            .unwrap_or_else(|| "not measured".into()),
        &format!("<= {rss_max} MB"),
        match peak_mb {
            None => Verdict::NotMeasured,
            Some(mb) => Verdict::of(mb <= rss_max),
        },
    );

    if !settings.scale {
        println!(
            "(f) emulator GET /v0/tenants/{{id}}: {} connections, {} windows of {} requests:",
            load::CONNECTIONS,
            load::WINDOWS,
            load::REQUESTS
        );
        let load = rt.block_on(load::measure(&emu))?;
        let rate = median(&load.rates);
        println!(
            "  windows: {}; median {rate:.0} requests/s",
            load.rates
                .iter()
                .map(|r| format!("{r:.0}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!(
            "  emulator CPU per request: {:.1} µs (one core to itself would serve {:.0} requests/s)",
            load.emulator_cpu_us,
            1e6 / load.emulator_cpu_us
        );
        targets.add(
            "(f) emulator GET requests/s",
            &format!("{rate:.0}"),
            &format!(">= {TARGET_F_MIN:.0}"),
            Verdict::of(rate >= TARGET_F_MIN),
        );
    }

    println!();
    println!("load average at the end: {}", machine::load_average());
    targets.print();
    Ok(())
}

fn main() -> ExitCode {
    // `cargo bench` passes --bench; `cargo test --all-targets` does not, and then nothing runs.
    if !std::env::args().skip(1).any(|a| a == "--bench") {
        println!(
            "benchmark skipped: run it with scripts/bench.sh (or cargo bench --bench terraform)"
        );
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("bench: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    match run(&settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench: {error:#}");
            ExitCode::FAILURE
        }
    }
}
