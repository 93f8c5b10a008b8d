import { describe, expect, it } from 'vitest';
import { compileMatcher } from '@/utils/engine/matcher';
import { BUILTIN_RULES } from '@/utils/engine/rules';
import { fieldMarkup, planFieldFix, planFieldFixAll, scanFieldText } from '@/utils/editors/field-markup';
import { applyEdit } from '@/utils/editors/plan';

const matcher = compileMatcher(BUILTIN_RULES);

function field(html: string, id = 'f'): HTMLTextAreaElement {
  document.body.className = '';
  document.body.innerHTML = html;
  return document.getElementById(id) as HTMLTextAreaElement;
}

describe('which markup a field holds', () => {
  it('knows MediaWiki source boxes by their DOM, whatever the text', () => {
    expect(fieldMarkup(field('<form id="editform"><textarea id="wpTextbox1">plain words</textarea></form>', 'wpTextbox1'))).toBe('wikitext');
    expect(fieldMarkup(field('<textarea id="f" class="mw-editfont-monospace">plain words</textarea>'))).toBe('wikitext');
  });

  it('treats a MediaWiki CSS or JavaScript page as plain text', () => {
    const f = field('<form id="editform"><textarea id="wpTextbox1">a { }</textarea></form>', 'wpTextbox1');
    document.body.className = 'mediawiki ns-2 page-User_Ann_common_css action-edit';
    expect(fieldMarkup(f)).toBe('plain');
  });

  it('knows Markdown editors, and otherwise reads the text', () => {
    expect(fieldMarkup(field('<div class="EasyMDEContainer"><textarea id="f">x</textarea></div>'))).toBe('markdown');
    expect(fieldMarkup(field("<textarea id=\"f\">== A ==\nOur '''internal''' customers</textarea>"))).toBe('wikitext');
    expect(fieldMarkup(field('<textarea id="f"># A\n\nOur **internal** customers</textarea>'))).toBe('markdown');
    expect(fieldMarkup(field('<textarea id="f">Our internal customers</textarea>'))).toBe('plain');
    expect(fieldMarkup(field('<input id="f" value="**internal** customers">') as unknown as HTMLTextAreaElement)).toBe('plain');
  });
});

describe('fixes in a wikitext field', () => {
  const text = "Ask [[Internal customer|internal customers]] and '''internal''' customers.";

  it('finds the phrase across bold markup and fixes only the words', () => {
    const matches = scanFieldText('wikitext', text, matcher);
    expect(matches.map((m) => m.text)).toEqual(['internal customers', "internal''' customers"]);
    const edit = planFieldFix('wikitext', text, matches[1]!, matches[1]!.suggestion!);
    expect(applyEdit(text, edit!)).toBe("Ask [[Internal customer|internal customers]] and '''internal''' service partners.");
  });

  it('fixes all as one edit and keeps the link target', () => {
    const plan = planFieldFixAll('wikitext', text, scanFieldText('wikitext', text, matcher));
    expect(plan?.count).toBe(2);
    expect(applyEdit(text, plan!.edit)).toBe(
      "Ask [[Internal customer|internal service partners]] and '''internal''' service partners.",
    );
  });
});
