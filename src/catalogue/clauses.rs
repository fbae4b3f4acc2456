//! The clauses of the 要點, as constants rules cite (a typo will not compile), and the clauses
//! no machine can check, with the reason (rules.md, last section). The anchors are the ids in
//! `records/regulation.md` (`三-四` for 三(四)).

/// A clause or sub-clause of the 要點.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Clause {
    /// Anchor in regulation.md, e.g. `三-四`.
    pub anchor: &'static str,
    /// As cited, e.g. `三(四)`.
    pub label: &'static str,
    /// What the clause is about, in a few words.
    pub title: &'static str,
    /// Why no rule checks it, for clauses a machine cannot check.
    pub not_checkable: Option<&'static str>,
}

macro_rules! clauses {
    ($($name:ident = $anchor:literal, $label:literal, $title:literal $(, unchecked: $why:literal)?;)*) => {
        $(pub static $name: Clause = Clause {
            anchor: $anchor,
            label: $label,
            title: $title,
            not_checkable: clauses!(@why $($why)?),
        };)*
        /// Every clause, in the order of the 要點.
        pub static ALL: &[&Clause] = &[$(&$name),*];
    };
    (@why $why:literal) => { Some($why) };
    (@why) => { None };
}

clauses! {
    YI = "一", "一", "目的與依據",
        unchecked: "說明訂定目的與法源，不課予戶所可記錄之義務。";
    ER = "二", "二", "業務範圍（查詢項目）";
    SAN = "三", "三", "使用具體作業程序",
        unchecked: "本點之總綱，義務分列於各款，各款另有規則。";
    SAN_1 = "三-一", "三(一)", "系統管理人員、使用者名冊、職務代理人與列冊移交";
    SAN_2 = "三-二", "三(二)", "帳號申請程序";
    SAN_3 = "三-三", "三(三)", "親自、經核准、為公務查詢並確實登出";
    SAN_4 = "三-四", "三(四)", "職務異動六日內終止帳號";
    SAN_5 = "三-五", "三(五)", "機關個別註冊";
    SAN_6 = "三-六", "三(六)", "自然人憑證遺失立即通知移民署";
    SAN_7 = "三-七", "三(七)", "取得資料之保管、附卷或銷毀";
    SAN_8 = "三-八", "三(八)", "依個資法蒐集處理利用並負保密義務";
    SI = "四", "四", "資料安全維護措施及管制作業",
        unchecked: "本點之總綱，義務分列於各款，各款另有規則。";
    SI_1 = "四-一", "四(一)", "應用移民資訊資料日誌表，保存至少五年";
    SI_2 = "四-二", "四(二)", "內部稽核小組每年至少二次不定期稽核";
    SI_3 = "四-三", "四(三)", "每月下載稽核日誌並填寫內部稽核紀錄表";
    SI_4 = "四-四", "四(四)", "每半年清查使用者權限";
    SI_5 = "四-五", "四(五)", "配合移民署及民政處督考稽核";
    WU = "五", "五", "違反法令之處置";
    LIU = "六", "六", "違反個資法之通報與移送";
    QI = "七", "七", "未盡事宜得隨時修正",
        unchecked: "規範要點本身之修正，非戶所之作業義務，無紀錄可資檢查。";
}

/// What the machine cannot see in a clause that rules do check in part (rules.md, last section).
pub fn partial_reason(clause: &Clause) -> Option<&'static str> {
    match clause.anchor {
        "二" => Some(
            "業務範圍以查詢項目代碼表示：不在二所列之項目由 unknown-reference 檢出，超出帳號核准之項目由 log-item-not-approved 與 system-log-item-not-approved 檢出；查詢是否依戶籍法等規定則需人工判斷。",
        ),
        "三-八" => Some(
            "保密義務與不得洩漏屬人員行為，紀錄中無從證明；僅能就自由文字中出現之身分證號等個資提出警示。",
        ),
        "五" => Some("懲處與追究責任之結果屬人事程序，本工具僅檢查帳號處置與提報首長是否記錄。"),
        "六" => Some("政風議處與司法處理之結果不在紀錄中，本工具僅檢查通報與移送是否記錄。"),
        _ => None,
    }
}
