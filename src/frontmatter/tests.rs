use super::*;

fn parse_text(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
    let source = SourceFile::new("content/x.md", "content/x.md".into(), text);
    let split = split(text).unwrap();
    parse(&source, split.front)
}

#[test]
fn splits_front_matter_and_keeps_body_offset() {
    let text = "---\ntitle: 交车延迟\n---\n正文\n";
    let s = split(text).unwrap();
    assert_eq!(s.front, Some(("title: 交车延迟\n", 2)));
    assert_eq!(s.body, "正文\n");
    assert_eq!(&text[s.body_offset..], "正文\n");
    assert!(split("---\ntitle: x\n").is_err());
}

#[test]
fn errors_point_at_the_file_line() {
    let errors =
        parse_text("---\ntitle: a\nkind: complaint-script\nseverity: huge\n---\n").unwrap_err();
    assert_eq!(errors[0].at, Some(Position::new(4, 11)), "{errors:?}");
}

#[test]
fn every_semantic_problem_is_reported() {
    let text = "---\ntitle: 规则\nkind: compensation-rule\ntrigger: x\noffers: [{item: a, value_cny: -5}]\ncap_cny: 100\napproval:\n  - {up_to_cny: 500, role: 经理}\n  - {up_to_cny: 200, role: 总监}\nseverity: major\n---\n";
    let errors = parse_text(text).unwrap_err();
    let lines: Vec<u32> = errors.iter().map(|e| e.line()).collect();
    assert_eq!(lines, vec![10, 5, 9], "{errors:#?}");
}

#[test]
fn missing_required_fields_name_the_kind() {
    let errors = parse_text("---\ntitle: a\nkind: syllabus\npart: 1\n---\n").unwrap_err();
    let messages: Vec<String> = errors.iter().map(|e| e.message.en()).collect();
    assert_eq!(
        messages,
        [
            "missing `modules`, required for kind `syllabus`",
            "missing `assessment`, required for kind `syllabus`"
        ]
    );
}
