// When two names look the same. A compact take on Unicode's confusable
// detection (UTS #39) for the scripts a display name is most often forged in:
// Latin, Cyrillic, Greek, Arabic, Latin small capitals, and the full-width and
// mathematical forms of Latin letters. Two names are confusable when their skeletons are equal: the
// text in compatibility form (NFKC, which folds full-width and styled letters),
// without invisible and direction characters, each letter replaced by the Latin
// letter it looks like, in lower case. Case is folded on purpose: "bob" beside
// "Bob" is the same name to a reader skimming a list. Not every confusable
// pair Unicode lists is here, only those that pass for Latin in common fonts;
// what is missed still shows its id beside the name whenever names collide.

/** Letters that look like a Latin letter, by script (uppercase first: 'I' looks like 'l', not like 'i'). */
const LOOKS_LIKE: Readonly<Record<string, string>> = {
  // Latin letters and digits that pass for others.
  I: 'l',
  '1': 'l',
  '|': 'l',
  '0': 'o',
  ı: 'i',
  ɑ: 'a',
  ɡ: 'g',
  ʏ: 'y',
  // Latin small capitals, read as the lower-case letter ("Bᴏb").
  ᴀ: 'a',
  ʙ: 'b',
  ᴄ: 'c',
  ᴅ: 'd',
  ᴇ: 'e',
  ꜰ: 'f',
  ɢ: 'g',
  ʜ: 'h',
  ɪ: 'i',
  ᴊ: 'j',
  ᴋ: 'k',
  ʟ: 'l',
  ᴍ: 'm',
  ɴ: 'n',
  ᴏ: 'o',
  ᴘ: 'p',
  ʀ: 'r',
  ꜱ: 's',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ᴢ: 'z',
  // Cyrillic
  А: 'a',
  В: 'b',
  Е: 'e',
  З: '3',
  Ѕ: 's',
  І: 'l',
  Ј: 'j',
  К: 'k',
  М: 'm',
  Н: 'h',
  О: 'o',
  Р: 'p',
  С: 'c',
  Т: 't',
  У: 'y',
  Х: 'x',
  Ү: 'y',
  Ԛ: 'q',
  Ԝ: 'w',
  Ӏ: 'l',
  а: 'a',
  г: 'r',
  е: 'e',
  ё: 'ë',
  і: 'i',
  ї: 'ï',
  ј: 'j',
  к: 'k',
  о: 'o',
  п: 'n',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  ѕ: 's',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ү: 'y',
  // Greek
  Α: 'a',
  Β: 'b',
  Ε: 'e',
  Ζ: 'z',
  Η: 'h',
  Ι: 'l',
  Κ: 'k',
  Μ: 'm',
  Ν: 'n',
  Ο: 'o',
  Ρ: 'p',
  Τ: 't',
  Υ: 'y',
  Χ: 'x',
  α: 'a',
  γ: 'y',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  υ: 'u',
  χ: 'x',
  ϲ: 'c',
  ϳ: 'j',
  // Arabic letters and digits shaped like Latin ones
  ا: 'l',
  '١': 'l',
  '۱': 'l',
  ه: 'o',
  '٥': 'o',
  '٧': 'v',
  '۷': 'v',
  '٠': '.',
  '۰': '.',
};

/** Letter pairs that pass for one letter. */
const PAIRS: ReadonlyArray<readonly [RegExp, string]> = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/cl/g, 'd'],
];

/**
 * Characters with no glyph of their own, or that change direction: soft
 * hyphen, combining grapheme joiner, Arabic letter mark, Hangul fillers,
 * Mongolian and other variation selectors, zero-width characters and joiners,
 * direction controls, invisible operators, byte-order mark, tags.
 */
const IGNORED_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xe0000, 0xe007f],
];

/** The text without the characters above (a list of ranges: a regular expression would hold combining marks in a class). */
function withoutIgnored(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (!IGNORED_RANGES.some(([from, to]) => code >= from && code <= to)) out += char;
  }
  return out;
}

function lookAlike(text: string): string {
  let out = '';
  for (const char of text) out += LOOKS_LIKE[char] ?? char;
  return out;
}

/** The form two names are compared in: equal skeletons look the same. */
export function skeleton(name: string): string {
  let text = withoutIgnored(name.normalize('NFKC'));
  text = lookAlike(lookAlike(text).toLowerCase());
  for (const [pair, letter] of PAIRS) text = text.replace(pair, letter);
  return text.replace(/\s+/g, ' ').trim();
}

/** The scripts a forged name mixes: a word of Latin letters with one Cyrillic, Greek or Arabic letter in it. */
const SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Arabic}/u];
/**
 * A letter of no script above, Common or Inherited (Cherokee "Ᏼ", Armenian "օ" pass for Latin letters too); nor of
 * Chinese, Japanese or Korean, written after Latin names as honorifics ("Johnさん", "Kim님") and never taken for Latin.
 */
const OTHER_SCRIPT_LETTER =
  /(?![\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Common}\p{Script=Inherited}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])\p{L}/u;

/**
 * Whether one word of the name mixes letters of two of those scripts ("Bоb" with a Cyrillic о), or Latin letters
 * with a letter of any other script ("Ᏼob"). Words of different scripts side by side are fine, and so is a word of
 * scripts written together that are not Latin (Japanese mixes kanji and kana).
 */
export function mixesScripts(name: string): boolean {
  return withoutIgnored(name.normalize('NFKC'))
    .split(/[\s\p{P}]+/u)
    .some((word) => {
      const scripts = SCRIPTS.filter((script) => script.test(word)).length;
      return scripts > 1 || (scripts === 1 && SCRIPTS[0]!.test(word) && OTHER_SCRIPT_LETTER.test(word));
    });
}
