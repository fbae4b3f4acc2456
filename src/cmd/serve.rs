//! `imaudit serve`: build the site, serve it, rebuild on change (src/serve/). The first line
//! on stdout is the address served (`imaudit serve：http://127.0.0.1:8000/`), so a script or
//! test that passes `--port 0` learns the port. Runs until stopped (Ctrl+C); exits 2 when
//! the first build or the bind fails.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use crate::cli::ServeArgs;
use crate::serve::{self, Config, Rebuilt, Site};
use crate::time::roc;

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    // As `build`: every rebuild replaces --out whole (src/site/guard.rs).
    crate::site::guard::check(&args.common.records, &args.out)?;
    let config = Config {
        records: args.common.records.clone(),
        out: args.out.clone(),
        as_of: args.common.as_of,
    };
    let site = Arc::new(Site::new(args.out.clone()).logging_requests());
    // Before the first build: a save made while it runs (or before the address is printed)
    // must still cause a rebuild.
    let mut watcher = serve::watcher(&config);
    let mut kept = serve::Kept::default();
    let first = serve::rebuild(&config, &site, &mut kept)
        .with_context(|| format!("網站未產生（原有的 {} 未被更動）", args.out.display()))?;
    let listener = std::net::TcpListener::bind((args.bind, args.port))
        .with_context(|| format!("無法在 {}:{} 提供網站", args.bind, args.port))?;
    let addr = listener.local_addr().context("無法取得連線位址")?;
    println!("imaudit serve：http://{addr}/");
    if !args.bind.is_loopback() {
        eprintln!(
            "注意：網站綁定在 {}，同一網路上的其他電腦也能瀏覽；紀錄含個人資料，請確認這是您要的。",
            args.bind
        );
    }
    println!("{}", summary("網站已產生", &first));
    println!(
        "監看 {} 與 {}，存檔後自動重建並重新載入頁面；按 Ctrl+C 結束。",
        config.records.display(),
        config.templates().display()
    );
    serve::spawn_server(listener, Arc::clone(&site));
    loop {
        std::thread::sleep(serve::watch::POLL_INTERVAL);
        if !watcher.poll() {
            continue;
        }
        match serve::rebuild(&config, &site, &mut kept) {
            Ok(rebuilt) => println!("{}", summary("已重建", &rebuilt)),
            Err(e) => {
                let mut text = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    let more = s.to_string();
                    if !text.contains(&more) {
                        text.push('：');
                        text.push_str(&more);
                    }
                    source = s.source();
                }
                eprintln!("重建失敗，繼續提供上一版網站：{text}");
            }
        }
    }
}

fn summary(what: &str, r: &Rebuilt) -> String {
    format!(
        "{what}（第 {} 版，評估日 {}）：讀取 {} 個檔案、{} 頁；錯誤 {}、警告 {}、待辦 {}（{:.2} 秒）",
        r.version,
        roc::roc_date(r.as_of),
        r.files_read,
        r.pages,
        r.summary.error,
        r.summary.warning,
        r.summary.info,
        r.elapsed.as_secs_f64()
    )
}
