//! `sitemap.xml`: every page of the site, absolute when `base_url` is set; and `robots.txt`,
//! which keeps every robot out of an internal site and names the sitemap of a public one.

use super::OutputFile;
use crate::model::Site;

pub fn sitemap(site: &Site) -> OutputFile {
    let base = site.config.base_url.as_deref().unwrap_or("");
    let mut urls: Vec<&str> = site
        .sections
        .iter()
        .map(|s| s.url.as_str())
        .chain(site.pages.iter().map(|p| p.url.as_str()))
        .collect();
    let generated = site.generated_urls();
    urls.extend(generated.iter().map(String::as_str));
    urls.sort_unstable();
    urls.dedup();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&crate::markdown::escape_html(&format!("{base}{url}")));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".to_owned(),
        bytes: xml.into_bytes(),
    }
}

/// The output path of `robots.txt`.
pub const ROBOTS: &str = "robots.txt";

pub fn robots(site: &Site) -> OutputFile {
    let text = match site.config.visibility {
        crate::config::Visibility::Internal => "User-agent: *\nDisallow: /\n".to_owned(),
        crate::config::Visibility::Public => {
            let mut text = "User-agent: *\nAllow: /\n".to_owned();
            if let Some(base) = &site.config.base_url {
                text.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
            }
            text
        }
    };
    OutputFile {
        path: ROBOTS.to_owned(),
        bytes: text.into_bytes(),
    }
}
