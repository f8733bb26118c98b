//! «Добавить достижение» / editing an achievement (П1 §5.3).

use crate::pages::common::{catalogue_options, Options};
use crate::route::Route;
use crate::state::{random_id, use_app};
use crate::ui::bind;
use crate::ui::field::InputKind;
use crate::ui::{CheckField, FormState, NoticeView, SelectField, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::records::achievement::{roman, GtoSign, GTO_STAGES};
use portfolio_core::records::identity::family_may_change;
use portfolio_core::records::portfolio::upsert;
use portfolio_core::records::proposal::Proposal;
use portfolio_core::stored::NewFile;
use portfolio_core::util::id::Context;
use portfolio_core::{AchievementForm, CatalogueKind, Id};

#[component]
pub fn AchievementPage(student_id: Id, achievement_id: Option<Id>) -> impl IntoView {
    let app = use_app();
    let found = app.data.with_untracked(|p| {
        p.students.get(&student_id).map(|r| {
            let existing = achievement_id
                .as_ref()
                .and_then(|aid| r.achievements.iter().find(|a| &a.id == aid));
            let school_entered = existing.is_some_and(|a| !family_may_change(a));
            (
                r.student.full_name(),
                existing.map(AchievementForm::from_achievement),
                school_entered,
            )
        })
    });
    let Some((name, existing, school_entered)) = found else {
        return crate::pages::common::missing("Ученик");
    };
    let is_new = achievement_id.is_none();
    let back = Route::Achievements(student_id.clone(), Default::default());
    // A family's device does not change what the school entered (its
    // address may still be opened, from a link or the history).
    if let (true, Some(aid)) = (
        school_entered && app.parent.get_untracked(),
        &achievement_id,
    ) {
        return view! {
            <nav class="crumbs" aria-label="Путь"><a href=back.href()>{format!("← {name}: достижения")}</a></nav>
            <h1>"Достижение"</h1>
            <p class="notice">{crate::pages::student::achievements::SCHOOL_ENTERED}</p>
            <p><a class="button" href=Route::ProposeCorrection(student_id.clone(), aid.clone()).href()>"Предложить исправление"</a></p>
        }
        .into_any();
    }
    let initial = match (existing, is_new) {
        (Some(f), _) => f,
        // П2 §5.1: what a family enters, it enters at its own wish; the
        // record says who added it.
        (None, true) => AchievementForm {
            by_family: app.parent.get_untracked(),
            ..AchievementForm::blank(app.ctx().today())
        },
        (None, false) => return crate::pages::common::missing("Достижение"),
    };
    let aid = achievement_id.unwrap_or_else(random_id);
    view! {
        <nav class="crumbs" aria-label="Путь"><a href=back.href()>{format!("← {name}: достижения")}</a></nav>
        <h1>{if is_new { "Новое достижение" } else { "Изменить достижение" }}</h1>
        <AchievementFormView initial=initial student_id=student_id aid=aid is_new=is_new />
    }
    .into_any()
}

/// «Предложить исправление» (a family's device): the school's achievement
/// as the family would have it, and a comment for the teacher. The record
/// stays as the school entered it; the proposal goes in the child's file.
#[component]
pub fn ProposePage(student_id: Id, achievement_id: Id) -> impl IntoView {
    let app = use_app();
    let found = app.data.with_untracked(|p| {
        p.students.get(&student_id).map(|r| {
            let a = r.achievements.iter().find(|a| a.id == achievement_id);
            (
                r.student.full_name(),
                a.filter(|a| !family_may_change(*a))
                    .map(AchievementForm::from_achievement),
            )
        })
    });
    let Some((name, Some(initial))) = found else {
        return crate::pages::common::missing("Достижение");
    };
    let back = Route::Achievements(student_id.clone(), Default::default());
    view! {
        <nav class="crumbs" aria-label="Путь"><a href=back.href()>{format!("← {name}: достижения")}</a></nav>
        <h1>"Предложить исправление"</h1>
        <p>"Достижение внесено школой, и исправить его может только учитель. Исправьте поля, как должно быть, и напишите комментарий: предложение уйдёт учителю с файлом «Отправить учителю», а учитель примет или отклонит его."</p>
        <AchievementFormView initial=initial student_id=student_id aid=achievement_id is_new=false propose=true />
    }
    .into_any()
}

#[component]
fn AchievementFormView(
    initial: AchievementForm,
    student_id: Id,
    aid: Id,
    is_new: bool,
    /// «Предложить исправление»: the form makes a proposal, with a comment
    /// and without documents (they stay the school's).
    #[prop(optional)]
    propose: bool,
) -> impl IntoView {
    let app = use_app();
    let form = RwSignal::new(initial);
    // The bytes of documents added in this form, stored when it is saved.
    let pending = StoredValue::new(Vec::<NewFile>::new());
    let processing = RwSignal::new(None::<String>);
    // Input ids are "a-" and the field's key, so the first wrong field gets the focus.
    let state = FormState::long("a-");
    let err = move |k: &'static str| state.error(k);
    let (title, set_title) = bind!(form, title);
    let (type_id, set_type) = bind!(form, type_id);
    let (level_id, set_level) = bind!(form, level_id);
    let (result, set_result) = bind!(form, result);
    let (date, set_date) = bind!(form, date);
    let (subject_id, set_subject) = bind!(form, subject_id);
    let (staff_id, set_staff) = bind!(form, staff_id);
    let (place_id, set_place) = bind!(form, place_id);
    let (category_id, set_category) = bind!(form, category_id);
    let (organisation, set_org) = bind!(form, organisation);
    let (assessment, set_assessment) = bind!(form, assessment);
    let (remote, set_remote) = bind!(form, remote);
    let (team, set_team) = bind!(form, team);
    let (gto_sign, set_gto_sign) = bind!(form, gto_sign);
    let (gto_stage, set_gto_stage) = bind!(form, gto_stage);
    let (gto_date, set_gto_date) = bind!(form, gto_date);
    let has_badge = Memo::new(move |_| form.with(|f| !f.gto_sign.is_empty()));
    let (sign_options, stage_options) =
        gto_choices(form.with_untracked(|f| f.gto_sign == "unknown"));
    // The empty value is the usual case: очная, индивидуальное.
    let remote_options = Signal::stored(vec![("remote".to_string(), "Дистанционная".to_string())]);
    let team_options = Signal::stored(vec![("team".to_string(), "Командное".to_string())]);
    let assessment_options = Signal::stored(vec![
        ("internal".to_string(), "Внутренняя (в школе)".to_string()),
        ("external".to_string(), "Внешняя".to_string()),
    ]);
    let back = Route::Achievements(student_id.clone(), Default::default());
    let comment = RwSignal::new(String::new());
    let submit = {
        let back = back.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !state.begin() {
                return;
            }
            let (sid, aid, back) = (student_id.clone(), aid.clone(), back.clone());
            if propose {
                let text = comment.get_untracked();
                spawn_local(async move {
                    let f = form.get_untracked();
                    let result = app
                        .edit_student(&sid, &[], |rec, cat, ctx| {
                            let a = f
                                .parse(cat, aid.clone(), ctx.today(), ctx.revision())
                                .map_err(|e| state.invalid(e))?;
                            let title = a.title.clone();
                            let p = Proposal::new(random_id(), a, &text, ctx.revision())
                                .map_err(|e| state.invalid(e))?;
                            // A newer proposal takes the place of one not answered yet.
                            rec.proposals
                                .retain(|x| x.answer.is_some() || x.achievement_id() != &aid);
                            rec.proposals.push(p);
                            Ok(title)
                        })
                        .await;
                    match result {
                        Ok(title) => {
                            state.end(Ok(None));
                            app.navigate_with(&back, format!("Предложение исправить «{title}» сохранено. Отправьте файл учителю: «Мои дети» → «Отправить учителю»."));
                        }
                        Err(msg) => state.end(Err(msg)),
                    }
                });
                return;
            }
            spawn_local(async move {
                let f = form.get_untracked();
                let files = pending.get_value();
                let result = app
                    .edit_student(&sid, &files, |rec, cat, ctx| {
                        let a = f
                            .parse(cat, aid.clone(), ctx.today(), ctx.revision())
                            .map_err(|e| state.invalid(e))?;
                        let title = a.title.clone();
                        upsert(&mut rec.achievements, a, |x, y| x.id == y.id);
                        Ok(title)
                    })
                    .await;
                crate::pages::student::after_save(
                    app,
                    state,
                    &back,
                    result.map(|t| format!("Достижение «{t}»")),
                    is_new,
                );
            });
        }
    };
    view! {
        <form class="achievement-form" on:submit=submit novalidate>
            <p class="hint">"Поля, отмеченные *, обязательны."</p>
            <fieldset>
                <legend>"Сведения о мероприятии"</legend>
                <TextField id="a-title" label="Наименование" required=true value=title on_input=set_title error=err("title") hint="Например: Олимпиада «Юный математик»" />
                <SelectField id="a-type_id" label="Тип достижения" required=true options=catalogue_options(CatalogueKind::AchievementTypes) value=type_id on_change=set_type error=err("type_id") empty="— выберите —" />
                <SelectField id="a-level_id" label="Уровень мероприятия" required=true options=catalogue_options(CatalogueKind::EventLevels) value=level_id on_change=set_level error=err("level_id") empty="— выберите —" />
                <TextField id="a-date" label="Дата проведения" required=true kind=InputKind::Date value=date on_input=set_date error=err("date") hint="ДД.ММ.ГГГГ" />
                <SelectField id="a-subject_id" label="Предмет" required=true options=catalogue_options(CatalogueKind::Subjects) value=subject_id on_change=set_subject error=err("subject_id") />
                <SelectField id="a-staff_id" label="Педагог" options=catalogue_options(CatalogueKind::Staff) value=staff_id on_change=set_staff error=err("staff_id") empty="— не указан —" />
                <SelectField id="a-place_id" label="Призовое место" required=true options=catalogue_options(CatalogueKind::PrizePlaces) value=place_id on_change=set_place error=err("place_id") />
                <SelectField id="a-remote" label="Форма участия" options=remote_options value=remote on_change=set_remote error=err("remote") empty="Очная" />
                <SelectField id="a-team" label="Участие" options=team_options value=team on_change=set_team error=err("team") empty="Индивидуальное" />
                <TextField id="a-result" label="Результат" kind=InputKind::TextArea value=result on_input=set_result error=err("result") hint="Описание результата в свободной форме" />
            </fieldset>
            <fieldset>
                <legend>"Учёт результата"</legend>
                <SelectField id="a-category_id" label="Категория результата" options=catalogue_options(CatalogueKind::ResultCategories) value=category_id on_change=set_category error=err("category_id") empty="— не указана —" />
                <TextField id="a-organisation" label="Организация, где получен результат" value=organisation on_input=set_org error=err("organisation") hint="Оставьте пустым, если результат получен в нашей школе. Результаты других организаций вносятся только по желанию обучающегося и его родителей (законных представителей) — П2 §5.1." />
                {form.with_untracked(|f| f.by_family).then(|| view! {
                    <p class="hint">"Это достижение внесено семьёй."</p>
                })}
                <SelectField id="a-assessment" label="Оценка результата" options=assessment_options value=assessment on_change=set_assessment error=err("assessment") empty="— не указана —" />
                <CheckField id="a-gir" label="Сведения размещены в ГИР о детях, проявивших выдающиеся способности" checked=Signal::derive(move || form.with(|f| f.in_gir)) on_change=move |v| form.update(|f| f.in_gir = v) />
                <SelectField id="a-gto_sign" label="Знак отличия ГТО" options=sign_options value=gto_sign on_change=set_gto_sign error=err("gto_sign") empty="Нет" />
                {move || has_badge.get().then(|| view! {
                    <SelectField id="a-gto_stage" label="Ступень ГТО" required=true options=stage_options value=gto_stage on_change=set_gto_stage error=err("gto_stage") empty="— выберите —" />
                    <TextField id="a-gto_date" label="Дата получения знака" kind=InputKind::Date value=gto_date on_input=set_gto_date error=err("gto_date") hint="ДД.ММ.ГГГГ; если пусто — дата мероприятия" />
                })}
            </fieldset>
            {if propose {
                view! {
                    <fieldset>
                        <legend>"Для учителя"</legend>
                        <TextField id="a-comment" label="Комментарий для учителя" kind=InputKind::TextArea value=comment on_input=move |v| comment.set(v) error=err("comment") hint="Что и почему исправить, например: «Диплом призёра, а не участника — скан у учителя»" />
                    </fieldset>
                }.into_any()
            } else {
                view! { <crate::pages::student::documents::DocumentsFieldset form=form pending=pending state=state processing=processing /> }.into_any()
            }}
            <NoticeView notice=state.notice />
            <div class="actions sticky">
                <button type="submit" class="primary" disabled=move || state.busy.get() || processing.with(Option::is_some)>{if propose { "Предложить исправление" } else { "Сохранить" }}</button>
                <a class="button" href=back.href()>"Отмена"</a>
            </div>
        </form>
    }
}

/// The options of «Знак отличия ГТО» and «Ступень ГТО»; a badge carried
/// over from the old tick (`unknown`) keeps «вид не указан» as a choice.
fn gto_choices(unknown: bool) -> (Options, Options) {
    let sign_options = Signal::stored(
        GtoSign::ALL
            .iter()
            .map(|g| (g.slug().to_string(), capitalise(g.label())))
            .chain(unknown.then(|| {
                (
                    "unknown".to_string(),
                    "Знак ГТО (вид не указан)".to_string(),
                )
            }))
            .collect::<Vec<_>>(),
    );
    let stage_options = Signal::stored(
        (1..=GTO_STAGES)
            .map(|n| (n.to_string(), format!("{} ступень", roman(n))))
            .collect::<Vec<_>>(),
    );
    (sign_options, stage_options)
}

/// «Золотой знак».
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
