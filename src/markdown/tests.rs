use super::*;

fn dialogue() -> Dialogue {
    Dialogue {
        label: "话术示范".to_owned(),
        customers: vec!["客户".to_owned()],
    }
}

/// `text` rendered as the whole body of `content/a.md` (at `a/`), where `b.md` is a page at `b/`.
fn render_a(text: &str) -> Rendered {
    let source = SourceFile::new("content/a.md", "content/a.md".into(), text);
    let resolve = |path: &str| (path == "b.md").then(|| "b/".to_owned());
    render(&MarkdownInput {
        source: &source,
        body: text,
        body_offset: 0,
        content_path: "a.md",
        url: "a/",
        allow_html: false,
        resolve: &resolve,
        dialogue: &dialogue(),
        figures: true,
    })
}

fn md(text: &str) -> String {
    render_a(text).html
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
    let out = render_a(text);
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

/// One sample of each kind of character the CJK-friendly amendment names, with the text it is
/// used in. Each is checked on both sides of `**`, `*` and `_`.
const CJK_LETTERS: [(&str, &str); 14] = [
    ("Hangul syllable", "한"),
    ("Hangul Jamo, initial", "\u{1100}"),
    ("Hangul Jamo, medial (width N, Script Hangul)", "\u{1161}"),
    ("Hangul compatibility Jamo", "ㄱ"),
    ("hiragana", "あ"),
    ("half-width katakana", "ｱ"),
    ("Bopomofo", "ㄅ"),
    ("Yi syllable", "ꀀ"),
    ("CJK unified ideograph", "字"),
    ("Extension B (plane 2)", "𠀋"),
    ("Extension G (plane 3)", "𰀀"),
    ("Extension H (plane 3)", "𱍐"),
    ("compatibility ideograph supplement", "丽"),
    ("Tangut", "𗀀"),
];

const CJK_PUNCTUATION: [(&str, &str); 9] = [
    ("ideographic full stop", "。"),
    ("CJK radical", "⻲"),
    ("Kangxi radical", "⼈"),
    ("enclosed CJK letter", "㋐"),
    ("enclosed ideograph, parenthesised", "㈱"),
    ("full-width form", "！"),
    ("pseudo-emoji with text presentation (here)", "🈂"),
    ("pseudo-emoji with text presentation (charge)", "🈷"),
    (
        "ideographic symbol with a text variation selector",
        "〽\u{FE0E}",
    ),
];

#[test]
fn cjk_letters_next_to_ascii_punctuation_inside_the_run() {
    for (name, c) in CJK_LETTERS {
        assert_eq!(
            inline(&format!("{c}**(注)**{c}")),
            format!("{c}<strong>(注)</strong>{c}"),
            "{name}, **"
        );
        assert_eq!(
            inline(&format!("{c}*(注)*{c}")),
            format!("{c}<em>(注)</em>{c}"),
            "{name}, *"
        );
        // `_` between letters stays literal, CJK or not; next to punctuation it works.
        assert_eq!(
            inline(&format!("{c}_(注)_{c}")),
            format!("{c}_(注)_{c}"),
            "{name}, _ inside a word"
        );
        assert_eq!(
            inline(&format!("(_{c}_)")),
            format!("(<em>{c}</em>)"),
            "{name}, _ between punctuation"
        );
    }
}

#[test]
fn cjk_punctuation_inside_the_run_next_to_letters() {
    for (name, c) in CJK_PUNCTUATION {
        for outside in ["后", "b"] {
            assert_eq!(
                inline(&format!("前**{c}重点{c}**{outside}")),
                format!("前<strong>{c}重点{c}</strong>{outside}"),
                "{name}, ** before {outside}"
            );
            assert_eq!(
                inline(&format!("a*{c}重点{c}*{outside}")),
                format!("a<em>{c}重点{c}</em>{outside}"),
                "{name}, * before {outside}"
            );
        }
        assert_eq!(
            inline(&format!("前_{c}重点{c}_后")),
            format!("前_{c}重点{c}_后"),
            "{name}, _ inside a word"
        );
        assert_eq!(
            inline(&format!("（_{c}重点{c}_）")),
            format!("（<em>{c}重点{c}</em>）"),
            "{name}, _ between punctuation"
        );
    }
}

#[test]
fn cjk_punctuation_outside_the_run_next_to_ascii_punctuation() {
    for (name, c) in CJK_PUNCTUATION {
        assert_eq!(
            inline(&format!("{c}**(注)**{c}")),
            format!("{c}<strong>(注)</strong>{c}"),
            "{name}, **"
        );
        assert_eq!(
            inline(&format!("{c}*(注)*{c}")),
            format!("{c}<em>(注)</em>{c}"),
            "{name}, *"
        );
        assert_eq!(
            inline(&format!("{c}_(注)_{c}")),
            format!("{c}<em>(注)</em>{c}"),
            "{name}, _"
        );
    }
}

#[test]
fn emoji_are_not_cjk() {
    // 🈚 and 🈯 are emoji by default; 🈂 (above) is not. An emoji presentation selector makes
    // the symbol before it a plain mark.
    for emoji in ["🈚", "🈯", "😀"] {
        assert_eq!(
            inline(&format!("a**{emoji}重点{emoji}**b")),
            format!("a**{emoji}重点{emoji}**b"),
            "{emoji}"
        );
    }
    assert_eq!(inline("〽\u{FE0F}**(注)**"), "〽\u{FE0F}**(注)**");
}

#[test]
fn variation_selectors_belong_to_the_character_before_them() {
    // An ideographic variation selector after an ideograph lets the run open before
    // punctuation.
    assert_eq!(
        inline("葛\u{E0100}**(注)**后"),
        "葛\u{E0100}<strong>(注)</strong>后"
    );
    // Full-width forms of the ambiguous quotation marks are CJK punctuation.
    assert_eq!(
        inline("**“\u{FE01}重点”\u{FE01}**b"),
        "<strong>“\u{FE01}重点”\u{FE01}</strong>b"
    );
    assert_eq!(inline("**“重点”**b"), "**“重点”**b");
}

#[test]
fn markers_are_punctuation_to_the_parser_and_never_show() {
    for marker in ['\u{2E2E}', '\u{A8F8}', '\u{2E3C}', '\u{2E41}'] {
        let mut html = String::new();
        let text = format!("x{marker}_y_");
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&text));
        assert!(
            html.contains("<em>y</em>"),
            "U+{:04X}: {html}",
            marker as u32
        );
    }
    // A document that already holds the first marker gets the next one.
    assert_eq!(
        inline("\u{2E2E} 前**（注）**后"),
        "\u{2E2E} 前<strong>（注）</strong>后"
    );
    let html = md("## **重点：**回访\n\n前**（注）**后\n");
    assert!(!html.contains('\u{2E2E}'), "{html}");
}

#[test]
fn text_without_cjk_parses_exactly_as_commonmark() {
    let corpus = [
        "a**\"foo\"**b and **foo.**bar",
        "*foo*bar foo*bar* 2 * 3 * 4 __init__ snake_case_name",
        "_(a)_ *(a)* **(a)**b a**(b)** _a_b a_b_",
        "Ünïcödé **«quoted»**text and *„Zitat“*Wort",
        "Русский **«текст»**дальше, Ελληνικά *«λέξη»*ακόμα",
        "emoji 😀**bold**😀 and **😀**x and x**😀**",
        "“curly” **“quotes”**after and *‘single’*after",
        "***strong emph*** and ___both___ and **_mixed_**",
        "- list **item**\n- *other*\n\n> quote **here**",
        "| a | b |\n|---|---|\n| **x** | _y_ |",
        "a ~~strike~~ b and `code **not**` and \\*escaped\\*",
        "en dash – **bold–**x em — *it—*y",
    ];
    for text in corpus {
        let prepared = super::cjk::prepare(text, options());
        assert_eq!(prepared.text, text, "changed before parsing");
        let mut ours = String::new();
        pulldown_cmark::html::push_html(
            &mut ours,
            pulldown_cmark::Parser::new_ext(&prepared.text, options()),
        );
        let mut plain = String::new();
        pulldown_cmark::html::push_html(
            &mut plain,
            pulldown_cmark::Parser::new_ext(text, options()),
        );
        assert_eq!(ours, plain, "{text}");
    }
}

#[test]
fn the_authoring_guide_examples_render_as_it_says() {
    assert_eq!(inline("**⻲田**"), "<strong>⻲田</strong>");
    assert_eq!(inline("**㋐**选项"), "<strong>㋐</strong>选项");
    assert_eq!(inline("**🈂**"), "<strong>🈂</strong>");
    assert_eq!(inline("中文_下划线_中文"), "中文_下划线_中文");
    assert_eq!(inline("中文*斜体*中文"), "中文<em>斜体</em>中文");
}
