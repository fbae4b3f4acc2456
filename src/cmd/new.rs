//! `imaudit new KIND`: a new record at the path records.md prescribes, pre-filled from what the
//! records already say (src/scaffold/). Never overwrites; prints the path written on stdout
//! (so scripts can open it) and what is left to fill in on stderr.

use std::process::ExitCode;

use anyhow::{anyhow, bail, Context as _};

use crate::cli::{NewArgs, NewKind};
use crate::evaluate::{evaluate, Evaluation, HistoryMode, Options};
use crate::scaffold::{self, forms, forms::Context, Draft};
use crate::time::{HalfYear, Month};

pub fn run(args: NewArgs) -> anyhow::Result<ExitCode> {
    let records = &args.common.records;
    // The findings a `check` would give (without git history: a template needs no trail),
    // from which the audit forms pre-fill their results.
    let options = Options {
        as_of: args.common.as_of,
        history: HistoryMode::Skip,
        ..Options::default()
    };
    // The forms are drafted from the facts the rules read.
    draft(&args, &evaluate(records, &options)?)
}

/// Drafts the form `args` asks for and writes it under the records folder.
fn draft(args: &NewArgs, eval: &Evaluation) -> anyhow::Result<ExitCode> {
    let records = &args.common.records;
    let ctx = Context {
        facts: eval.facts(),
        findings: &eval.findings,
    };
    let office = args.office.as_str();
    let date = args.date.unwrap_or(eval.as_of);
    let drafts: Vec<Draft> = match args.kind {
        NewKind::Log => vec![forms::log(&ctx, office, month(args)?)],
        NewKind::MonthlyAudit => vec![forms::monthly_audit(&ctx, office, month(args)?)],
        NewKind::InternalAudit => vec![forms::internal_audit(&ctx, office, date)],
        NewKind::PermissionReview => vec![forms::permission_review(
            &ctx,
            office,
            period(args)?,
            args.date,
        )],
        NewKind::Inspection => vec![forms::inspection(&ctx, office, date)],
        NewKind::Handover => vec![forms::handover(&ctx, office, date, person(args)?)],
        NewKind::Incident => {
            let person = person(args)?;
            let slug = args.slug.as_deref().unwrap_or(person);
            vec![forms::incident(&ctx, office, date, person, slug)]
        }
        NewKind::Person => vec![new_person(args, &ctx, eval.as_of)?],
        NewKind::Office => {
            if eval.records().offices.contains_key(office) {
                bail!("事務所 {office} 已存在（offices/{office}/），不覆寫");
            }
            scaffold::office::office(office, args.name.as_deref(), date)
                .map_err(|e| anyhow!(e))?
                .into_iter()
                .map(Ok)
                .collect()
        }
    }
    .into_iter()
    .collect::<Result<_, String>>()
    .map_err(|e| anyhow!(e))?;
    let written = scaffold::write(records, &drafts).map_err(|e| anyhow!(e))?;
    for path in &written {
        println!("{}", path.display());
    }
    eprintln!(
        "已寫出 {} 個檔案；請編輯其中的內容與註解行，完成後執行 imaudit check{}。",
        written.len(),
        if records.as_os_str() == "records" {
            String::new()
        } else {
            format!(" --records {}", records.display())
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn month(args: &NewArgs) -> anyhow::Result<Month> {
    let Some(m) = &args.month else {
        bail!("new {} 需要 --month YYYY-MM", kind_name(args))
    };
    m.parse().map_err(|e| anyhow!("--month：{e}"))
}

fn period(args: &NewArgs) -> anyhow::Result<HalfYear> {
    let Some(p) = &args.period else {
        bail!("new permission-review 需要 --period YYYY-H1 或 YYYY-H2")
    };
    p.parse().map_err(|e| anyhow!("--period：{e}"))
}

fn person(args: &NewArgs) -> anyhow::Result<&str> {
    args.person
        .as_deref()
        .ok_or_else(|| anyhow!("new {} 需要 --person ID", kind_name(args)))
}

fn kind_name(args: &NewArgs) -> String {
    use clap::ValueEnum;
    args.kind
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// A `[[person]]` added to the office's people.toml (which need not exist yet).
fn new_person(
    args: &NewArgs,
    ctx: &Context,
    today: chrono::NaiveDate,
) -> anyhow::Result<Result<Draft, String>> {
    let id = person(args)?;
    let Some(name) = args.name.as_deref() else {
        bail!("new person 需要 --name 姓名")
    };
    let office = ctx.office(&args.office).map_err(|e| anyhow!(e))?;
    if office.people.contains_key(id) {
        bail!(
            "offices/{}/people.toml 已有人員 {id}，不重複新增",
            args.office
        );
    }
    let path = args
        .common
        .records
        .join("offices")
        .join(&args.office)
        .join("people.toml");
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("無法讀取 {}", path.display())),
    };
    Ok(scaffold::office::person(
        &args.office,
        id,
        name,
        existing.as_deref(),
        today,
    ))
}
