//! Справочники (П1 §5.1): achievement types, event levels, prize places,
//! subjects, staff, result categories and confirming-document kinds, with the
//! defaults of the regulations and the rule that an entry in use cannot be
//! deleted.

use crate::util::id::{Id, Revision};
use crate::util::text::{clean, fold, plural};
use crate::util::validation::{max_len, FieldErrors, MAX_SHORT};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CatalogueKind {
    AchievementTypes,
    EventLevels,
    PrizePlaces,
    Subjects,
    Staff,
    ResultCategories,
    DocumentKinds,
    /// «Виды поощрений» (П2 §1.3); format 3.
    RewardKinds,
}

impl CatalogueKind {
    pub const ALL: [CatalogueKind; 8] = [
        CatalogueKind::AchievementTypes,
        CatalogueKind::EventLevels,
        CatalogueKind::PrizePlaces,
        CatalogueKind::Subjects,
        CatalogueKind::Staff,
        CatalogueKind::ResultCategories,
        CatalogueKind::DocumentKinds,
        CatalogueKind::RewardKinds,
    ];

    /// The section title.
    pub fn title(self) -> &'static str {
        match self {
            CatalogueKind::AchievementTypes => "Типы достижений",
            CatalogueKind::EventLevels => "Уровни мероприятий",
            CatalogueKind::PrizePlaces => "Призовые места",
            CatalogueKind::Subjects => "Предметы",
            CatalogueKind::Staff => "Педагоги",
            CatalogueKind::ResultCategories => "Категории результатов",
            CatalogueKind::DocumentKinds => "Виды документов",
            CatalogueKind::RewardKinds => "Виды поощрений",
        }
    }

    /// One entry, in the nominative («тип достижения»).
    pub fn entry_noun(self) -> &'static str {
        match self {
            CatalogueKind::AchievementTypes => "тип достижения",
            CatalogueKind::EventLevels => "уровень мероприятия",
            CatalogueKind::PrizePlaces => "призовое место",
            CatalogueKind::Subjects => "предмет",
            CatalogueKind::Staff => "педагог",
            CatalogueKind::ResultCategories => "категория результатов",
            CatalogueKind::DocumentKinds => "вид документа",
            CatalogueKind::RewardKinds => "вид поощрения",
        }
    }

    /// One entry, in the accusative («удалить педагога»).
    pub fn entry_accusative(self) -> &'static str {
        match self {
            CatalogueKind::Staff => "педагога",
            CatalogueKind::ResultCategories => "категорию результатов",
            k => k.entry_noun(),
        }
    }

    /// «он указан» / «она указана» / «оно указано», by the noun's gender.
    fn is_used(self) -> &'static str {
        match self {
            CatalogueKind::ResultCategories => "она указана",
            CatalogueKind::PrizePlaces => "оно указано",
            _ => "он указан",
        }
    }

    /// The label of the field that adds an entry.
    pub fn new_label(self) -> &'static str {
        match self {
            CatalogueKind::AchievementTypes => "Новый тип достижения",
            CatalogueKind::EventLevels => "Новый уровень мероприятия",
            CatalogueKind::PrizePlaces => "Новое призовое место",
            CatalogueKind::Subjects => "Новый предмет",
            CatalogueKind::Staff => "ФИО нового педагога",
            CatalogueKind::ResultCategories => "Новая категория результатов",
            CatalogueKind::DocumentKinds => "Новый вид документа",
            CatalogueKind::RewardKinds => "Новый вид поощрения",
        }
    }

    /// The label of the name field.
    pub fn name_label(self) -> &'static str {
        match self {
            CatalogueKind::Staff => "ФИО педагога",
            _ => "Название",
        }
    }

    /// Path segment used in the address bar.
    pub fn slug(self) -> &'static str {
        match self {
            CatalogueKind::AchievementTypes => "types",
            CatalogueKind::EventLevels => "levels",
            CatalogueKind::PrizePlaces => "places",
            CatalogueKind::Subjects => "subjects",
            CatalogueKind::Staff => "staff",
            CatalogueKind::ResultCategories => "categories",
            CatalogueKind::DocumentKinds => "documents",
            CatalogueKind::RewardKinds => "rewards",
        }
    }

    pub fn from_slug(s: &str) -> Option<CatalogueKind> {
        CatalogueKind::ALL.into_iter().find(|k| k.slug() == s)
    }

    /// Entries of a catalogue have a meaningful order (levels rise, places
    /// fall) that the defaults give; new entries go to the end.
    fn defaults(self) -> &'static [&'static str] {
        match self {
            CatalogueKind::AchievementTypes => &[
                "Олимпиада",
                "Конкурс",
                "Викторина",
                "Выставка",
                "Концерт",
                "Урок",
                "Игра",
                "Турнир",
                "КВН",
                "Участие в добровольческой деятельности",
                "Иное",
            ],
            CatalogueKind::EventLevels => &[
                "Школьный",
                "Муниципальный",
                "Региональный",
                "Межрегиональный",
                "Всероссийский",
                "Международный",
            ],
            CatalogueKind::PrizePlaces => &[
                "Победитель (1 место)",
                "Призёр (2 место)",
                "Призёр (3 место)",
                "Лауреат",
                "Дипломант",
                "Участник",
            ],
            CatalogueKind::Subjects => &[
                "Русский язык",
                "Литературное чтение",
                "Родной язык",
                "Литературное чтение на родном языке",
                "Иностранный язык",
                "Математика",
                "Окружающий мир",
                "Основы религиозных культур и светской этики (ОРКСЭ)",
                "Изобразительное искусство",
                "Музыка",
                "Труд (технология)",
                "Физическая культура",
                "Нет предмета",
            ],
            CatalogueKind::Staff => &[],
            CatalogueKind::ResultCategories => &[
                "Учебные достижения",
                "Внеурочная деятельность",
                "Дополнительное образование",
                "Профессиональное обучение",
                "Предпрофессиональные программы дополнительного образования",
                "Личностные результаты",
            ],
            CatalogueKind::DocumentKinds => &[
                "Документ об образовании",
                "Справка об успеваемости",
                "Диплом победителя/призёра",
                "Грамота",
                "Сертификат участника",
                "Свидетельство",
                "Удостоверение",
                "Благодарность",
                "Иное",
            ],
            CatalogueKind::RewardKinds => &[
                "Приз",
                "Диплом",
                "Памятный подарок",
                "Грамота",
                "Благодарность",
                "Иное",
            ],
        }
    }

    /// The stable id of the n-th default (1-based), the same on every device.
    pub fn default_id(self, n: usize) -> Id {
        Id(format!("{}-{n}", self.slug()))
    }
}

/// One entry of a catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Entry {
    pub id: Id,
    pub name: String,
    /// Only for staff: «учитель начальных классов», «педагог доп. образования»…
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// «Баллы рейтинга»: for an event level, its points; for a prize place,
    /// the share of the level's points, in percent. Absent: the default of
    /// [`crate::assessment::rating`] (format 1 had no such field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<u32>,
    /// For a prize place: whether it makes a winner or prize-winner (reports,
    /// the bank of gifted children). Absent: the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prize: Option<bool>,
    pub rev: Revision,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Catalogues {
    pub achievement_types: Vec<Entry>,
    pub event_levels: Vec<Entry>,
    pub prize_places: Vec<Entry>,
    pub subjects: Vec<Entry>,
    pub staff: Vec<Entry>,
    pub result_categories: Vec<Entry>,
    pub document_kinds: Vec<Entry>,
    /// Absent before format 3: the defaults.
    #[serde(default = "default_reward_kinds")]
    pub reward_kinds: Vec<Entry>,
}

fn default_reward_kinds() -> Vec<Entry> {
    Catalogues::default().reward_kinds
}

impl Default for Catalogues {
    fn default() -> Self {
        let make = |k: CatalogueKind| -> Vec<Entry> {
            k.defaults()
                .iter()
                .enumerate()
                .map(|(i, name)| Entry {
                    id: k.default_id(i + 1),
                    name: name.to_string(),
                    role: String::new(),
                    weight: None,
                    prize: None,
                    rev: Revision::builtin(),
                })
                .collect()
        };
        Catalogues {
            achievement_types: make(CatalogueKind::AchievementTypes),
            event_levels: make(CatalogueKind::EventLevels),
            prize_places: make(CatalogueKind::PrizePlaces),
            subjects: make(CatalogueKind::Subjects),
            staff: make(CatalogueKind::Staff),
            result_categories: make(CatalogueKind::ResultCategories),
            document_kinds: make(CatalogueKind::DocumentKinds),
            reward_kinds: make(CatalogueKind::RewardKinds),
        }
    }
}

/// Ids of defaults the forms preselect.
pub fn no_subject_id() -> Id {
    CatalogueKind::Subjects.default_id(13)
}
pub fn participant_place_id() -> Id {
    CatalogueKind::PrizePlaces.default_id(6)
}
pub fn school_level_id() -> Id {
    CatalogueKind::EventLevels.default_id(1)
}

impl Catalogues {
    pub fn list(&self, kind: CatalogueKind) -> &Vec<Entry> {
        match kind {
            CatalogueKind::AchievementTypes => &self.achievement_types,
            CatalogueKind::EventLevels => &self.event_levels,
            CatalogueKind::PrizePlaces => &self.prize_places,
            CatalogueKind::Subjects => &self.subjects,
            CatalogueKind::Staff => &self.staff,
            CatalogueKind::ResultCategories => &self.result_categories,
            CatalogueKind::DocumentKinds => &self.document_kinds,
            CatalogueKind::RewardKinds => &self.reward_kinds,
        }
    }

    fn list_mut(&mut self, kind: CatalogueKind) -> &mut Vec<Entry> {
        match kind {
            CatalogueKind::AchievementTypes => &mut self.achievement_types,
            CatalogueKind::EventLevels => &mut self.event_levels,
            CatalogueKind::PrizePlaces => &mut self.prize_places,
            CatalogueKind::Subjects => &mut self.subjects,
            CatalogueKind::Staff => &mut self.staff,
            CatalogueKind::ResultCategories => &mut self.result_categories,
            CatalogueKind::DocumentKinds => &mut self.document_kinds,
            CatalogueKind::RewardKinds => &mut self.reward_kinds,
        }
    }

    /// Appends entries of `kind`.
    pub fn extend(&mut self, kind: CatalogueKind, entries: Vec<Entry>) {
        self.list_mut(kind).extend(entries);
    }

    /// Keeps only the entries of `kind` for which `keep` holds.
    pub fn retain(&mut self, kind: CatalogueKind, keep: impl FnMut(&Entry) -> bool) {
        self.list_mut(kind).retain(keep);
    }

    /// A form's choice of an entry: `None` (with the field's message in `e`)
    /// when it is empty but `needed`, or names an entry that is gone.
    pub fn pick(
        &self,
        e: &mut FieldErrors,
        key: &'static str,
        kind: CatalogueKind,
        label: &str,
        value: &str,
        needed: bool,
    ) -> Option<Id> {
        if value.is_empty() {
            if needed {
                e.push(key, format!("Выберите значение поля «{label}»."));
            }
            return None;
        }
        let id = Id(value.to_string());
        if self.get(kind, &id).is_none() {
            e.push(
                key,
                format!("Значения поля «{label}» больше нет в справочнике — выберите другое."),
            );
            return None;
        }
        Some(id)
    }

    pub fn get(&self, kind: CatalogueKind, id: &Id) -> Option<&Entry> {
        self.list(kind).iter().find(|e| &e.id == id)
    }

    /// The name of an entry, or a visible marker when the id is unknown.
    pub fn name(&self, kind: CatalogueKind, id: &Id) -> String {
        self.get(kind, id)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| "(удалено из справочника)".to_string())
    }

    fn check_name(
        &self,
        kind: CatalogueKind,
        name: &str,
        except: Option<&Id>,
    ) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = clean(name);
        if name.is_empty() {
            errors.push(
                "name",
                match kind {
                    CatalogueKind::Staff => "Укажите ФИО педагога.",
                    _ => "Укажите название.",
                },
            );
        }
        max_len(&mut errors, "name", kind.name_label(), &name, MAX_SHORT);
        let key = fold(&name);
        if let Some(other) = self
            .list(kind)
            .iter()
            .find(|e| Some(&e.id) != except && fold(&e.name) == key)
        {
            errors.push(
                "name",
                format!(
                    "«{}» уже есть в справочнике «{}».",
                    other.name,
                    kind.title()
                ),
            );
        }
        errors.into_result(name)
    }

    /// Adds an entry; the name must be new in its catalogue (case and ё aside).
    pub fn add(
        &mut self,
        kind: CatalogueKind,
        name: &str,
        role: &str,
        id: Id,
        rev: Revision,
    ) -> Result<Id, FieldErrors> {
        let name = self.check_name(kind, name, None)?;
        self.list_mut(kind).push(Entry {
            id: id.clone(),
            name,
            role: clean(role),
            weight: None,
            prize: None,
            rev,
        });
        Ok(id)
    }

    /// Sets the rating weight of an entry (and, for a prize place, whether
    /// it makes a winner or prize-winner).
    pub fn set_weight(
        &mut self,
        kind: CatalogueKind,
        id: &Id,
        weight: u32,
        prize: Option<bool>,
        rev: Revision,
    ) -> Result<(), String> {
        let e = self
            .list_mut(kind)
            .iter_mut()
            .find(|e| &e.id == id)
            .ok_or("Эта запись уже удалена из справочника.")?;
        e.weight = Some(weight);
        if prize.is_some() {
            e.prize = prize;
        }
        e.rev = rev;
        Ok(())
    }

    pub fn rename(
        &mut self,
        kind: CatalogueKind,
        id: &Id,
        name: &str,
        role: &str,
        rev: Revision,
    ) -> Result<(), FieldErrors> {
        let name = self.check_name(kind, name, Some(id))?;
        let Some(e) = self.list_mut(kind).iter_mut().find(|e| &e.id == id) else {
            let mut errors = FieldErrors::default();
            errors.push("name", "Эта запись уже удалена из справочника.");
            return Err(errors);
        };
        e.name = name;
        e.role = clean(role);
        e.rev = rev;
        Ok(())
    }

    /// Deletes an entry unless `uses` records refer to it (П1 §5.1.2,
    /// примечание: a type can be deleted only while no student has it).
    pub fn delete(&mut self, kind: CatalogueKind, id: &Id, uses: Usage) -> Result<Entry, String> {
        let Some(pos) = self.list(kind).iter().position(|e| &e.id == id) else {
            return Err("Эта запись уже удалена из справочника.".into());
        };
        if uses.total() > 0 {
            let entry = &self.list(kind)[pos];
            return Err(format!(
                "Нельзя удалить {} «{}»: {}. Сначала измените или удалите {}.",
                kind.entry_accusative(),
                entry.name,
                uses.describe(kind.is_used()),
                uses.what_to_change()
            ));
        }
        Ok(self.list_mut(kind).remove(pos))
    }
}

/// How many records refer to a catalogue entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub achievements: usize,
    /// «Поощрения» naming the entry (a reward kind, a document kind).
    pub rewards: usize,
    pub students: usize,
    pub classes: usize,
}

impl Usage {
    pub fn total(&self) -> usize {
        self.achievements + self.rewards + self.classes
    }

    fn describe(&self, is_used: &str) -> String {
        let mut parts = Vec::new();
        if self.achievements > 0 {
            let n = self.achievements;
            parts.push(format!(
                "{is_used} в {n} {} у {} {}",
                plural(n, "достижении", "достижениях", "достижениях"),
                self.students,
                plural(self.students, "ученика", "учеников", "учеников"),
            ));
        }
        if self.rewards > 0 {
            let n = self.rewards;
            parts.push(format!(
                "{is_used} в {n} {}",
                plural(n, "поощрении", "поощрениях", "поощрениях"),
            ));
        }
        if self.classes > 0 {
            let n = self.classes;
            parts.push(format!(
                "{is_used} классным руководителем в {n} {}",
                plural(n, "классе", "классах", "классах")
            ));
        }
        parts.join("; ")
    }

    fn what_to_change(&self) -> &'static str {
        match (self.achievements > 0, self.rewards > 0, self.classes > 0) {
            (true, true, _) => "эти достижения и поощрения",
            (false, true, _) => "эти поощрения",
            (true, false, true) => "эти достижения и классы",
            (false, false, true) => "эти классы",
            _ => "эти достижения",
        }
    }
}

#[cfg(test)]
mod tests;
