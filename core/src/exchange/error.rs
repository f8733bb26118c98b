//! Why a file is refused, as types: [`ReadError`] (its size, head, JSON,
//! rules, or an encrypted file's envelope and passphrase) and [`Refused`]
//! (a file refused whole, named, with what the reader should do). The
//! Russian text of each is its `Display`; «Ничего не изменено.» is written
//! in one place, [`Refused`]'s.

use std::fmt;

/// The end of every message about a file refused whole.
pub const NOTHING_CHANGED: &str = "Ничего не изменено.";

/// At most this many problems are listed when a file breaks the rules.
const MAX_PROBLEMS: usize = 5;

/// What is wrong with a file's text (or with an encrypted file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// `len` bytes, over `limit`.
    TooBig {
        len: usize,
        limit: usize,
    },
    /// No «portfolio-export» mark with a version.
    NotOurs,
    /// Written by a newer release, in format `version`.
    Newer {
        version: i64,
    },
    UnknownVersion,
    /// Not JSON of the format, at a place in the text.
    Json {
        fault: JsonFault,
        line: usize,
        column: usize,
    },
    /// The records break the format's rules: every problem, each saying where.
    Rules(Vec<String>),
    /// An encrypted file's envelope or passphrase.
    Sealed(SealedError),
}

/// How a file's text fails to be the format's JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonFault {
    Truncated,
    Syntax,
    TooDeep,
    MissingField(String),
    UnknownField(String),
    UnknownVariant(String),
    WrongType,
    WrongLength,
    BadDate,
    BadValue,
}

/// What is wrong with an encrypted file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SealedError {
    /// «Зашифрованный файл повреждён: <what>.»
    Damaged(&'static str),
    /// Encrypted by a newer release, in format `version`.
    Newer { version: u32 },
    /// A key derivation or cipher this release does not read.
    UnknownMethod { kdf: String, cipher: String },
    /// It does not decrypt: a wrong passphrase, or a changed bit.
    WrongPassphrase,
    /// This browser has no WebCrypto (not a secure page).
    NoCrypto,
}

impl JsonFault {
    /// Reads serde_json's error. Its categories tell a cut-off file and a
    /// syntax error; the rest only its English text does (the date
    /// deserialisers' own words are [`crate::util::date::BAD_DATE`]).
    pub fn of(e: &serde_json::Error) -> JsonFault {
        let text = e.to_string();
        let between = |start: &str, end: &str| -> Option<String> {
            let rest = &text[text.find(start)? + start.len()..];
            Some(rest[..rest.find(end)?].to_string())
        };
        if e.is_eof() {
            JsonFault::Truncated
        } else if e.is_syntax() {
            JsonFault::Syntax
        } else if text.contains("recursion limit") {
            JsonFault::TooDeep
        } else if let Some(f) = between("missing field `", "`") {
            JsonFault::MissingField(f)
        } else if let Some(f) = between("unknown field `", "`") {
            JsonFault::UnknownField(f)
        } else if let Some(v) = between("unknown variant `", "`") {
            JsonFault::UnknownVariant(v)
        } else if text.starts_with("invalid type") {
            JsonFault::WrongType
        } else if text.starts_with("invalid length") {
            JsonFault::WrongLength
        } else if text.contains(crate::util::date::BAD_DATE) {
            JsonFault::BadDate
        } else {
            JsonFault::BadValue
        }
    }
}

impl ReadError {
    /// A JSON error of serde_json, with where it is.
    pub fn json(e: &serde_json::Error) -> ReadError {
        ReadError::Json {
            fault: JsonFault::of(e),
            line: e.line(),
            column: e.column(),
        }
    }
}

impl fmt::Display for JsonFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonFault::Truncated => {
                f.write_str("файл обрывается: он скопирован или скачан не полностью")
            }
            JsonFault::Syntax => f.write_str("файл повреждён: это не правильный JSON"),
            JsonFault::TooDeep => f.write_str("слишком глубокая вложенность данных"),
            JsonFault::MissingField(x) => write!(f, "нет обязательного поля «{x}»"),
            JsonFault::UnknownField(x) => write!(f, "неизвестное поле «{x}»"),
            JsonFault::UnknownVariant(x) => write!(f, "недопустимое значение «{x}»"),
            JsonFault::WrongType => {
                f.write_str("значение не того типа (например, текст вместо числа)")
            }
            JsonFault::WrongLength => f.write_str("неверное число элементов"),
            JsonFault::BadDate => f.write_str("неверная дата"),
            JsonFault::BadValue => f.write_str("недопустимое значение"),
        }
    }
}

fn megabytes(bytes: usize) -> usize {
    bytes / (1024 * 1024)
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::TooBig { len, limit } => write!(
                f,
                "Файл слишком большой ({} МБ): можно не больше {} МБ. Сохраните копию «без документов».",
                megabytes(*len),
                megabytes(*limit)
            ),
            ReadError::NotOurs => f.write_str(
                "Это не файл Портфолио: в нём нет отметки «portfolio-export» с версией формата.",
            ),
            ReadError::Newer { version } => write!(
                f,
                "Файл сохранён более новой версией приложения (формат {version}, здесь — {}). Обновите страницу приложения при подключении к интернету и откройте файл снова.",
                super::format::VERSION
            ),
            ReadError::UnknownVersion => f.write_str("Неизвестная версия формата файла."),
            ReadError::Json {
                fault,
                line,
                column,
            } => write!(
                f,
                "Файл не прочитан: {fault} (строка {line}, позиция {column})."
            ),
            ReadError::Rules(problems) => {
                let n = problems.len();
                write!(
                    f,
                    "Файл не принят: {}",
                    problems[..n.min(MAX_PROBLEMS)].join("; ")
                )?;
                if n > MAX_PROBLEMS {
                    write!(f, " и ещё {}", n - MAX_PROBLEMS)?;
                }
                f.write_str(".")
            }
            ReadError::Sealed(e) => e.fmt(f),
        }
    }
}

impl fmt::Display for SealedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use super::sealed::{CIPHER, KDF, SEALED_VERSION};
        match self {
            SealedError::Damaged(what) => write!(f, "Зашифрованный файл повреждён: {what}."),
            SealedError::Newer { version } => write!(
                f,
                "Файл зашифрован более новой версией приложения (формат {version}, здесь — {SEALED_VERSION}). Обновите страницу приложения при подключении к интернету и откройте файл снова."
            ),
            SealedError::UnknownMethod { kdf, cipher } => write!(
                f,
                "Файл зашифрован неизвестным способом ({kdf}, {cipher}): здесь читаются только {KDF} и {CIPHER}."
            ),
            SealedError::WrongPassphrase => f.write_str(
                "Неверный пароль, или зашифрованный файл повреждён: данные не прошли проверку подлинности.",
            ),
            SealedError::NoCrypto => f.write_str(
                "Шифрование недоступно в этом браузере: оно работает только на странице, открытой по защищённому адресу (https://) или с этого же компьютера. Сохраните файл без пароля.",
            ),
        }
    }
}

impl From<SealedError> for ReadError {
    fn from(e: SealedError) -> Self {
        ReadError::Sealed(e)
    }
}

/// A file refused whole: its name and why. Shown as one message that names
/// the file, says why and what to do, and ends «Ничего не изменено.».
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub file: String,
    pub why: Why,
}

/// Why a file is refused whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// The text does not read (or does not decrypt).
    Read(ReadError),
    /// A family's device keeps one child's data: a school's or a class's
    /// file of `students` students is not for it (П2 §6.4).
    NotOneChild { school: bool, students: usize },
    /// A school year's archive, opened on a family's device.
    ArchiveOnFamily,
    /// A file of changes whose base is not on this device: what is missing
    /// (the first three named), since when, and whom to ask for the whole
    /// package («учителя», «родителей»).
    Lacking {
        since: i64,
        missing: Vec<String>,
        from: &'static str,
    },
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.file;
        match &self.why {
            Why::Read(e) => write!(f, "«{name}»: {e}")?,
            Why::NotOneChild { school, students } => write!(
                f,
                "«{name}» — файл {} ({students} {}), а не одного ребёнка: на телефоне родителей хранятся только данные своего ребёнка. Попросите учителя сохранить файл «Для родителей».",
                if *school { "всей школы" } else { "класса" },
                crate::util::text::plural(*students, "ученик", "ученика", "учеников"),
            )?,
            Why::ArchiveOnFamily => write!(
                f,
                "«{name}» — архив учебного года всей школы: он открывается только на устройстве школы."
            )?,
            Why::Lacking {
                since,
                missing,
                from,
            } => {
                let day = chrono::DateTime::from_timestamp_millis(*since)
                    .map(|t| crate::util::date::format_ru(t.date_naive()))
                    .unwrap_or_default();
                let mut list = missing.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
                if missing.len() > 3 {
                    list.push_str(&format!(" и ещё {}", missing.len() - 3));
                }
                write!(
                    f,
                    "«{name}» — файл только с изменениями после файла от {day}, а на этом устройстве нет того, к чему они добавляются: {list}. Попросите {from} сохранить файл «Всё портфолио ребёнка» и откройте его."
                )?
            }
        }
        write!(f, " {NOTHING_CHANGED}")
    }
}

impl std::error::Error for ReadError {}
impl std::error::Error for SealedError {}
impl std::error::Error for Refused {}
