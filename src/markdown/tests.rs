use super::*;

fn md(text: &str) -> String {
    let source = SourceFile::new("content/a.md", "content/a.md".into(), text);
    let resolve = |path: &str| (path == "b.md").then(|| "b/".to_owned());
    let input = MarkdownInput {
        source: &source,
        body: text,
        body_offset: 0,
        content_path: "a.md",
        url: "a/",
        allow_html: false,
        resolve: &resolve,
    };
    render(&input).html
}

fn inline(text: &str) -> String {
    let html = md(text);
    html.trim()
        .trim_start_matches("<p>")
        .trim_end_matches("</p>")
        .to_owned()
}

#[test]
fn chinese_emphasis_next_to_full_width_punctuation() {
    assert_eq!(
        inline("**注意：**请在24小时内回访"),
        "<strong>注意：</strong>请在24小时内回访"
    );
    assert_eq!(
        inline("执行**“首问负责制”**的要求"),
        "执行<strong>“首问负责制”</strong>的要求"
    );
    assert_eq!(
        inline("这是**「重点」**内容"),
        "这是<strong>「重点」</strong>内容"
    );
    assert_eq!(inline("*（可选）*说明"), "<em>（可选）</em>说明");
    assert_eq!(
        inline("**该星号不会被识别，而是直接显示。**这是因为"),
        "<strong>该星号不会被识别，而是直接显示。</strong>这是因为"
    );
    assert_eq!(inline("**〔注〕**の例"), "<strong>〔注〕</strong>の例");
    assert_eq!(
        inline("한국어**“강조”**입니다"),
        "한국어<strong>“강조”</strong>입니다"
    );
}

#[test]
fn commonmark_is_unchanged_for_other_text() {
    // Latin text next to ASCII punctuation follows CommonMark exactly.
    assert_eq!(inline("a**\"foo\"**b"), "a**\"foo\"**b");
    assert_eq!(inline("**foo.**bar"), "**foo.**bar");
    assert_eq!(inline("*foo*bar"), "<em>foo</em>bar");
    assert_eq!(inline("foo*bar*"), "foo<em>bar</em>");
    assert_eq!(inline("2 * 3 * 4"), "2 * 3 * 4");
    // Intraword underscores stay literal, in Chinese too.
    assert_eq!(inline("中文_下划线_中文"), "中文_下划线_中文");
    assert_eq!(inline("snake_case_name"), "snake_case_name");
}

#[test]
fn code_and_escapes_are_left_alone() {
    assert_eq!(inline("`**注意：**请`"), "<code>**注意：**请</code>");
    // 1 + 2 delimiters where one can both open and close: the rule of three keeps them literal.
    assert_eq!(inline(r"\**注意：**请"), "**注意：**请");
    assert_eq!(
        md("```\n**注意：**请\n```\n"),
        "<pre><code>**注意：**请\n</code></pre>\n"
    );
    assert_eq!(
        inline("<https://example.com/*注意：*请>"),
        "<a href=\"https://example.com/*%E6%B3%A8%E6%84%8F%EF%BC%9A*%E8%AF%B7\">https://example.com/*注意：*请</a>"
    );
}

#[test]
fn emphasis_works_in_headings_lists_and_tables() {
    let html = md("## **重点：**回访\n\n- **注意：**先道歉\n\n| a |\n|---|\n| **提示：**无 |\n");
    assert!(html.contains("<strong>重点：</strong>回访"), "{html}");
    assert!(
        html.contains("<li><strong>注意：</strong>先道歉</li>"),
        "{html}"
    );
    assert!(
        html.contains("<td><strong>提示：</strong>无</td>"),
        "{html}"
    );
    assert!(html.contains(r#"id="重点回访""#), "{html}");
}

#[test]
fn raw_html_is_escaped_by_default() {
    let html = md("<script>alert(1)</script>\n\n文字<b onclick=x>粗</b>\n");
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(!html.contains("<b onclick"), "{html}");
}

#[test]
fn dialogue_blocks_render_as_turns() {
    let html = md("```dialogue\n顾问：您好，<先生>。\n（停顿）\n客户: 我很生气\n```\n");
    assert!(html.contains(r#"<p class="turn staff"><span class="speaker">顾问</span><span class="words">您好，&lt;先生&gt;。</span></p>"#), "{html}");
    assert!(
        html.contains(r#"<p class="direction">（停顿）</p>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<p class="turn customer"><span class="speaker">客户</span>"#),
        "{html}"
    );
}

#[test]
fn links_are_rewritten_and_positions_recorded() {
    let text = "第一行\n\n见[补偿](b.md#审批)与[外部](https://example.com)。\n";
    let source = SourceFile::new("content/a.md", "content/a.md".into(), text);
    let resolve = |path: &str| (path == "b.md").then(|| "b/".to_owned());
    let input = MarkdownInput {
        source: &source,
        body: text,
        body_offset: 0,
        content_path: "a.md",
        url: "a/",
        allow_html: false,
        resolve: &resolve,
    };
    let out = render(&input);
    assert!(
        out.html
            .contains(r##"<a href="../b/#%E5%AE%A1%E6%89%B9">补偿</a>"##),
        "{}",
        out.html
    );
    assert_eq!(out.links.len(), 1);
    assert_eq!((out.links[0].line, out.links[0].column), (3, 2));
    assert_eq!(out.links[0].anchor.as_deref(), Some("审批"));
}
