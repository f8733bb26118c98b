//! What the screens say about files: a file's name, and the start screen's
//! line about the last backup.

use super::format::Scope;
use crate::records::Portfolio;

/// A file name such as «Портфолио_школа_2026-11-23.json».
pub fn file_name(p: &Portfolio, scope: &Scope, today: chrono::NaiveDate) -> String {
    let what = match scope {
        Scope::School => "школа".to_string(),
        Scope::Class { class_id } => p
            .class(class_id)
            .map(|c| format!("класс_{}", c.name))
            .unwrap_or_default(),
        Scope::Student { student_id } => p
            .students
            .get(student_id)
            .map(|r| r.student.full_name())
            .unwrap_or_default(),
        Scope::Archive { start_year } => format!(
            "архив_{}",
            crate::records::school_year::year_label(*start_year).replace('/', "-")
        ),
    };
    let safe = crate::records::document::file_part(&what);
    format!(
        "Портфолио_{safe}_{}.json",
        crate::util::date::format_iso(today)
    )
}

/// Days without a backup after which the start screen reminds (browsers may
/// clear a site's data; Safari does after 7 days without use).
pub const BACKUP_REMINDER_DAYS: i64 = 7;

/// The start screen's line about backups, and whether it is a reminder.
pub fn backup_status(last: Option<i64>, now: i64) -> (String, bool) {
    let Some(last) = last else {
        return (
            "Резервной копии на этом устройстве ещё не делали. Сохраните файл всей школы: браузер может удалить данные.".into(),
            true,
        );
    };
    let days = (now - last).max(0) / 86_400_000;
    let when = match days {
        0 => "сегодня".to_string(),
        1 => "вчера".to_string(),
        n => format!(
            "{n} {} назад",
            crate::util::text::plural(n as usize, "день", "дня", "дней")
        ),
    };
    let due = days >= BACKUP_REMINDER_DAYS;
    let mut text = format!("Последняя резервная копия: {when}.");
    if due {
        text.push_str(" Пора сохранить новую.");
    }
    (text, due)
}

#[cfg(test)]
mod tests {
    use super::backup_status;
    const DAY: i64 = 86_400_000;

    #[test]
    fn backup_reminder() {
        let now = 1_800_000_000_000;
        assert!(backup_status(None, now).1);
        assert_eq!(
            backup_status(Some(now - 3_600_000), now),
            ("Последняя резервная копия: сегодня.".into(), false)
        );
        assert_eq!(
            backup_status(Some(now - DAY), now).0,
            "Последняя резервная копия: вчера."
        );
        assert_eq!(
            backup_status(Some(now - 3 * DAY), now),
            ("Последняя резервная копия: 3 дня назад.".into(), false)
        );
        assert_eq!(
            backup_status(Some(now - 7 * DAY), now),
            (
                "Последняя резервная копия: 7 дней назад. Пора сохранить новую.".into(),
                true
            )
        );
        assert_eq!(
            backup_status(Some(now - 21 * DAY), now).0,
            "Последняя резервная копия: 21 день назад. Пора сохранить новую."
        );
    }
}
