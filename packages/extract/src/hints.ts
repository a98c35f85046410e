// Tag sets and class/id hints. They encode how real sites mark up templates; every entry exists
// because it is common across many unrelated sites, not because one site needs it.

/** Subtrees with no readable text: never descended into. */
export const VOID_OF_TEXT = new Set([
  'script',
  'style',
  'template',
  'svg',
  // MathML is read as text (formulas are part of the prose); its annotations (TeX source) are not rendered.
  'annotation',
  'annotation-xml',
  'iframe',
  'object',
  'embed',
  'canvas',
  'select',
  'option',
  'textarea',
  'button',
  'input',
  'audio',
  'video',
  'map',
  'link',
  'meta',
  'base',
  'head',
  'datalist',
  'dialog',
  'applet',
  'frameset',
  'frame',
  'rt',
  'rp',
]);

/** Elements that start a new text block (what a browser renders as display:block). */
export const BLOCK_TAGS = new Set([
  'html',
  'body',
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'nav',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'blockquote',
  'pre',
  'figure',
  'figcaption',
  'address',
  'hr',
  'form',
  'fieldset',
  'legend',
  'details',
  'summary',
  'center',
  'hgroup',
  'menu',
  'dir',
  'picture',
  'frameset',
  'noframes',
  'output',
  'search',
  'noscript',
]);

/** Landmarks that are template, not content, whatever their classes say. */
export const NEG_TAGS = new Set(['nav', 'aside', 'footer', 'menu']);

export const NEG_ROLES = /^(?:navigation|complementary|contentinfo|banner|menu|menubar|search|dialog|alert|alertdialog|toolbar)$/;

/**
 * Strong boilerplate hints; matched against "class id" of one element. Word boundaries are loose on
 * purpose: BEM names like `article__related-list` or `c-share_bar` must match.
 */
export const NEG_HINT = new RegExp(
  [
    'comment',
    'disqus',
    'share',
    'sharing',
    'social',
    'sociable',
    'related',
    'recommend',
    'newsletter',
    'subscri',
    'sidebar',
    'side-bar',
    'widget',
    'footer',
    'navbar',
    'navigation',
    'nav-',
    '-nav\\b',
    '^nav\\b',
    'menu',
    'breadcrumb',
    'cookie',
    'consent',
    'gdpr',
    'popup',
    'modal',
    'advert',
    '(?:^|\\s)(?:ad|ads|ad-[\\w-]+|ads-[\\w-]+|adslot|adunit)(?:\\s|$)',
    'sponsor',
    'promo',
    'outbrain',
    'taboola',
    'popular',
    'trending',
    'most-?read',
    'meistgelesen',
    'tagcloud',
    'tag-?list',
    '(?:^|[\\s_-])tags(?:$|[\\s_-])',
    'pagination',
    'pager',
    'toolbar',
    'masthead',
    'skip-?link',
    'signup',
    'login',
    'rating',
    'shoutbox',
    'author-?(?:bio|box|info)',
    'byline',
    'print-?link',
    'overlay',
    'paywall-?(?:prompt|overlay|box|banner|wrapper)',
    'pswp',
    'read-?more',
    'more-?(?:stories|articles|news)',
    'teaser-?list',
    'see-?also',
    'newsticker',
    'jump-?link',
    'post-?nav',
    'entry-?meta',
    'post-?meta',
    'article-?meta',
    'meta-?data',
    'dateline',
    'timestamp',
    'publish',
    'caption-?credit',
  ].join('|'),
  'i',
);

/**
 * The NEG_HINT words that name link boxes (teasers, navigation, share bars, "read more"). A box so
 * named that holds long unlinked prose instead is the article itself (a "read more" expander).
 */
export const LINK_BOX_HINT =
  /read-?more|related|more-?(?:stories|articles|news)|teaser-?list|see-?also|recommend|popular|trending|most-?read|sharing|share|social|navigation|navbar|nav-|-nav\b|^nav\b|menu|breadcrumb|pagination|pager|jump-?link|post-?nav/gi;

/** Ad slots named inside BEM-style class names (`tl-ad-container`, `ad-slot`). */
export const AD_HINT = /-ad-|_ad_|ad-?(?:container|slot|wrapper|unit|box|banner|heading|label)|adsbygoogle|dfp|gpt-ad|google-ad/i;

/** Text about the article rather than of it: author boxes, captions and credits, legal notes. */
export const META_HINT = /author|autor|caption|credit|bildunterschrift|copyright|disclaimer|rights|legal/i;

/** Content hints; an element matching both a NEG and a POS hint is kept (e.g. `article-content share-enabled`). */
export const POS_HINT = /article|body|content|entry|main|story|text/i;

/** Weight hints used for scoring containers (Readability's lists, slightly extended). */
export const SCORE_NEG =
  /^hid$|banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|teaser|nav|menu/i;
export const SCORE_POS = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story/i;

/**
 * Classes that visually hide an element (screen-reader text is usually "Share on X" style labels),
 * including BEM state modifiers (`block__body--is-hidden`).
 */
export const HIDDEN_CLASS =
  /(?:^|\s)(?:[\w-]+--(?:is-)?hidden|hidden|d-none|hide|sr-only|visually-hidden|visuallyhidden|screen-reader-text|screenreader|offscreen|element-invisible|is-hidden|u-hidden)(?:\s|$)/i;

export const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
