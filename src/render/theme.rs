//! The theme: the built-in default templates and static files, overridden file by file by the
//! site's own `themes/<name>/`.

use tera::Tera;

use crate::diagnostic::Code;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Position;
use crate::load::{SiteFiles, StaticFile};

/// The default theme's templates, compiled into the binary (every file of
/// `themes/default/templates/`).
pub use crate::embedded::THEME_TEMPLATES as BUILTIN_TEMPLATES;

/// Whether the templates named are the built-in ones (not overridden by the site's theme).
pub fn builtin(sources: &Sources, names: &[&str]) -> bool {
    names.iter().all(|name| {
        let builtin = BUILTIN_TEMPLATES.iter().find(|(n, _)| n == name);
        let used = sources.iter().find(|(n, _)| n == name);
        matches!((builtin, used), (Some((_, b)), Some((_, u))) if b == u)
    })
}

/// The default theme's static files, compiled into the binary (every file of
/// `themes/default/static/`): a site without `themes/` gets its stylesheet and scripts too.
pub use crate::embedded::THEME_STATIC as BUILTIN_STATIC;

/// Builds the template engine: built-in templates first, then the site's overrides.
/// Template sources by name: the built-ins with the site's overrides applied.
pub type Sources = Vec<(String, String)>;

/// Also returns the template sources, for cache keys.
pub fn templates(files: &SiteFiles) -> Result<(Tera, Sources), Vec<Diagnostic>> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Filters are registered before templates load.
    tera.register_filter("num", |value: f64, _: tera::Kwargs, _: &tera::State| {
        format_number(value)
    });
    let mut sources: Vec<(String, String)> = BUILTIN_TEMPLATES
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
    for (name, file) in &files.theme_templates {
        match sources.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = file.text.to_string(),
            None => sources.push((name.clone(), file.text.to_string())),
        }
    }
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| template_errors(files, &sources, &e))?;
    Ok((tera, sources))
}

/// A Tera error as diagnostics: one per problem Tera names with a place (`--> page.html:4:1`),
/// at that line of the template's file; otherwise one for the theme, with Tera's words.
fn template_errors(files: &SiteFiles, sources: &Sources, error: &tera::Error) -> Vec<Diagnostic> {
    let message = error_chain(error);
    let mut found = Vec::new();
    // Each problem is a message line, then Tera's snippet with its `--> name:line:col`.
    let mut said = "";
    for line in message.lines().map(str::trim) {
        if let Some(place) = line.strip_prefix("--> ") {
            let mut parts = place.rsplitn(3, ':');
            let (column, row, name) = (parts.next(), parts.next(), parts.next());
            let at = row
                .and_then(|r| r.parse().ok())
                .zip(column.and_then(|c| c.parse().ok()))
                .map(|(r, c)| Position::new(r, c));
            if let (Some(name), Some(at)) = (name, at) {
                let detail = said.trim_start_matches("error: ").trim_end_matches(':');
                found.push(
                    Diagnostic::error(
                        Code::Template,
                        &template_path(files, name),
                        Some(at),
                        crate::msg!(TemplateError, detail = detail),
                    )
                    .with_hint(crate::messages::Msg::TemplateErrorHint),
                );
            }
        } else if !line.is_empty()
            && !line.starts_with('|')
            && !line.starts_with(|c: char| c.is_ascii_digit())
        {
            said = line;
        }
    }
    if !found.is_empty() {
        return found;
    }
    // Name the file of the template the error is about, when the message says which.
    let path = sources
        .iter()
        .map(|(name, _)| name)
        .find(|name| message.contains(&format!("'{name}'")))
        .map_or_else(
            || format!("themes/{}", files.theme_name),
            |name| template_path(files, name),
        );
    vec![
        Diagnostic::error(
            Code::Template,
            &path,
            None,
            crate::msg!(TemplateError, detail = message),
        )
        .with_hint(crate::messages::Msg::TemplateErrorHint),
    ]
}

/// A number as people write it: `24` rather than `24.0`, `3.5` as is.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// The file a template came from: the site's theme, or the built-in one.
pub fn template_path(files: &SiteFiles, name: &str) -> String {
    files
        .theme_templates
        .iter()
        .find(|(n, _)| n == name)
        .map_or_else(
            || format!("(built-in theme)/templates/{name}"),
            |(_, f)| f.path.clone(),
        )
}

/// A Tera error with its causes; Tera's own snippet lines are kept, indented.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let message = message.trim_start_matches("error: ").trim_end();
    message.replace('\n', "\n    ")
}

/// Static files for the output, under `static/`: built-ins, then the site's theme and
/// `static/` folder (a later file with the same path wins).
pub fn static_files(files: &SiteFiles) -> Vec<StaticFile> {
    let mut all: std::collections::BTreeMap<String, (String, Vec<u8>)> = BUILTIN_STATIC
        .iter()
        .map(|(n, b)| {
            let path = format!("static/{n}");
            (
                path.clone(),
                (format!("(built-in theme) {path}"), b.to_vec()),
            )
        })
        .collect();
    for file in &files.static_files {
        all.insert(
            file.output_path.clone(),
            (file.source.clone(), file.bytes.clone()),
        );
    }
    all.into_iter()
        .map(|(output_path, (source, bytes))| StaticFile {
            output_path,
            source,
            bytes,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scorecards::Status;

    /// Status symbols come from `Status::symbol` through the `symbol` global: a symbol typed
    /// into a template would not follow a change of it. (`!`, `?` and `—` are ordinary text
    /// too, so only the two that are nothing else are looked for.)
    #[test]
    fn templates_take_status_symbols_from_the_context() {
        let typed: Vec<&str> = BUILTIN_TEMPLATES
            .iter()
            .filter(|(_, text)| {
                [Status::Green, Status::Red]
                    .iter()
                    .any(|s| text.contains(s.symbol()))
            })
            .map(|(name, _)| *name)
            .collect();
        assert_eq!(typed, Vec::<&str>::new());
    }
}
