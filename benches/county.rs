//! Benchmarks of the hot paths at county scale (issue 6): reading the records, the rules, the
//! sort-and-sweep reconciliation of the system log with the usage log, rendering one usage-log
//! page, and the git history index. The data are made by `imaudit-gen` (gen/) (the generator of
//! `examples/gen-county.rs`) in a temporary folder: two offices over a year, about 830 log
//! entries an office-month, as in the benchmark county. `bench/county.sh` measures the
//! commands on the whole county (20 offices × 60 months).
//!
//! ```text
//! cargo bench --bench county            # all
//! cargo bench --bench county -- parse   # one group
//! ```

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use imaudit::evaluate::{evaluate, HistoryMode, Options};
use imaudit::facts::{Facts, OfficeFacts};
use imaudit::model::Place;
use imaudit::rules::audits::reconcile;
use imaudit::time::Month;
use imaudit_gen::{self as gen, Config};

/// The office-months of the benchmark set.
const OFFICES: usize = 2;
const MONTHS: usize = 12;

fn county() -> gen::County {
    gen::generate(&Config::county(OFFICES, MONTHS, 1)).expect("a county")
}

fn as_of(records: &Path) -> chrono::NaiveDate {
    let loaded = imaudit::load::load(records).expect("records");
    let county = loaded.records.county.as_ref().expect("county.toml");
    county.data.as_of.as_ref().expect("as_of").get_ref().0
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let records = dir.path().join("records");
    let county = county();
    gen::write(&records, &county).expect("records written");
    let month: Month = "2024-08".parse().expect("a month");
    let office = "tianzhong";
    let log_rel = format!("offices/{office}/logs/2024/{month}.toml");
    let log_text = county.files[&log_rel].clone();
    let csv_rel = format!("offices/{office}/system-logs/{month}.csv");
    let csv_text = county.files[&csv_rel].clone();

    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(log_text.len() as u64));
    g.bench_function("usage log (one office-month)", |b| {
        let place = Place::Log(office.into(), month);
        b.iter_batched(
            || log_text.clone().into_bytes(),
            |bytes| imaudit::load::parse_bytes(&place, bytes),
            BatchSize::SmallInput,
        )
    });
    g.throughput(Throughput::Bytes(csv_text.len() as u64));
    g.bench_function("system log (one office-month)", |b| {
        let place = Place::SystemLog(office.into(), month);
        b.iter_batched(
            || csv_text.clone().into_bytes(),
            |bytes| imaudit::load::parse_bytes(&place, bytes),
            BatchSize::SmallInput,
        )
    });
    let total: usize = county.files.values().map(String::len).sum();
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("load (2 offices × 12 months)", |b| {
        b.iter(|| imaudit::load::load(&records).expect("records"))
    });
    g.finish();

    let loaded = imaudit::load::load(&records).expect("records");
    let day = as_of(&records);
    let mut g = c.benchmark_group("rules");
    g.throughput(Throughput::Elements(county.entries() as u64));
    g.bench_function("facts (sessions and queries sorted)", |b| {
        b.iter(|| Facts::new(&loaded.records, &loaded.sources, day))
    });
    g.bench_function("every rule", |b| {
        let facts = Facts::new(&loaded.records, &loaded.sources, day);
        b.iter(|| imaudit::rules::run(&facts, None))
    });
    g.finish();

    let mut g = c.benchmark_group("reconciliation");
    let records_of = &loaded.records.offices[office];
    let office_facts = OfficeFacts::of(records_of);
    g.throughput(Throughput::Elements(office_facts.queries.len() as u64));
    g.bench_function("system log against usage log (one office-year)", |b| {
        b.iter(|| {
            let unlogged = reconcile::unlogged(&office_facts, &office_facts.queries).len();
            let idle = reconcile::idle(&office_facts, &office_facts.queries).len();
            (unlogged, idle)
        })
    });
    g.finish();

    let eval = evaluate(
        &records,
        &Options {
            history: HistoryMode::Skip,
            ..Options::default()
        },
    )
    .expect("records");
    let pages = imaudit::site::render::OnePage::new(&eval).expect("templates");
    let mut g = c.benchmark_group("render");
    g.throughput(Throughput::Elements(1));
    g.bench_function("one usage-log page (one office-month)", |b| {
        b.iter(|| {
            pages
                .log(office, month)
                .expect("rendered")
                .expect("the log exists")
        })
    });
    g.finish();

    let git_dir = tempfile::tempdir().expect("a temporary folder");
    let git_records = git_dir.path().join("records");
    gen::git::write(&git_records, &county).expect("history written");
    let mut g = c.benchmark_group("history");
    g.sample_size(10);
    g.bench_function("index (2 offices × 12 months)", |b| {
        b.iter(|| imaudit::history::Trail::open(&git_records))
    });
    g.finish();
}

criterion_group! {
    name = county_benches;
    // Short runs: the machine this runs on is shared.
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = benches
}
criterion_main!(county_benches);
