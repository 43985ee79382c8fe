"""GitHub emoji shortcodes (``:smile:``), as the jemoji plugin shows them.

GitHub Pages sites get jemoji by default, so ``:tada:`` in a post is an emoji
there.  jemoji works on the finished HTML: shortcodes in text (link text
included) become emoji, never those in code, URLs or attributes.  Here they
become the Unicode character (no image, nothing fetched at build time).

Only the common shortcodes below are known; any other ``:word:`` stays text,
so ``:return:`` in a docstring or ``:---:`` in a table is never touched.
``jekyll_emoji = False`` turns this off for a blog that did not use jemoji.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from jekyll_book.config import settings
from jekyll_book.source.scope import is_post

#: GitHub's names for the emoji people actually type (gemoji aliases)
EMOJI: dict[str, str] = {
    "+1": "\U0001f44d", "-1": "\U0001f44e", "thumbsup": "\U0001f44d", "thumbsdown": "\U0001f44e",
    "smile": "\U0001f604", "smiley": "\U0001f603", "grinning": "\U0001f600", "grin": "\U0001f601",
    "laughing": "\U0001f606", "satisfied": "\U0001f606", "joy": "\U0001f602", "rofl": "\U0001f923",
    "sweat_smile": "\U0001f605", "blush": "\U0001f60a", "innocent": "\U0001f607",
    "slightly_smiling_face": "\U0001f642", "upside_down_face": "\U0001f643", "wink": "\U0001f609",
    "relieved": "\U0001f60c", "heart_eyes": "\U0001f60d", "kissing_heart": "\U0001f618",
    "yum": "\U0001f60b", "stuck_out_tongue": "\U0001f61b", "stuck_out_tongue_winking_eye": "\U0001f61c",
    "sunglasses": "\U0001f60e", "nerd_face": "\U0001f913", "smirk": "\U0001f60f",
    "unamused": "\U0001f612", "disappointed": "\U0001f61e", "pensive": "\U0001f614",
    "worried": "\U0001f61f", "confused": "\U0001f615", "slightly_frowning_face": "\U0001f641",
    "persevere": "\U0001f623", "confounded": "\U0001f616", "tired_face": "\U0001f62b",
    "weary": "\U0001f629", "cry": "\U0001f622", "sob": "\U0001f62d", "triumph": "\U0001f624",
    "angry": "\U0001f620", "rage": "\U0001f621", "open_mouth": "\U0001f62e",
    "scream": "\U0001f631", "fearful": "\U0001f628", "cold_sweat": "\U0001f630",
    "flushed": "\U0001f633", "astonished": "\U0001f632", "dizzy_face": "\U0001f635",
    "sleeping": "\U0001f634", "sleepy": "\U0001f62a", "mask": "\U0001f637", "thinking": "\U0001f914",
    "neutral_face": "\U0001f610", "expressionless": "\U0001f611", "no_mouth": "\U0001f636",
    "roll_eyes": "\U0001f644", "hugs": "\U0001f917", "hushed": "\U0001f62f",
    "star_struck": "\U0001f929", "partying_face": "\U0001f973", "exploding_head": "\U0001f92f",
    "face_with_head_bandage": "\U0001f915", "zipper_mouth_face": "\U0001f910",
    "skull": "\U0001f480", "ghost": "\U0001f47b", "alien": "\U0001f47d", "robot": "\U0001f916",
    "poop": "\U0001f4a9", "hankey": "\U0001f4a9", "smiley_cat": "\U0001f63a",
    "see_no_evil": "\U0001f648", "hear_no_evil": "\U0001f649", "speak_no_evil": "\U0001f64a",
    "wave": "\U0001f44b", "ok_hand": "\U0001f44c", "v": "\u270c\ufe0f", "clap": "\U0001f44f",
    "raised_hands": "\U0001f64c", "pray": "\U0001f64f", "muscle": "\U0001f4aa", "punch": "\U0001f44a",
    "fist": "\u270a", "point_right": "\U0001f449", "point_left": "\U0001f448", "point_up": "\u261d\ufe0f",
    "point_down": "\U0001f447", "raised_hand": "\u270b", "hand": "\u270b", "eyes": "\U0001f440",
    "bow": "\U0001f647", "facepalm": "\U0001f926", "shrug": "\U0001f937", "man_shrugging": "\U0001f937\u200d\u2642\ufe0f",
    "heart": "\u2764\ufe0f", "broken_heart": "\U0001f494", "sparkling_heart": "\U0001f496",
    "yellow_heart": "\U0001f49b", "green_heart": "\U0001f49a", "blue_heart": "\U0001f499",
    "purple_heart": "\U0001f49c", "orange_heart": "\U0001f9e1", "two_hearts": "\U0001f495",
    "100": "\U0001f4af", "fire": "\U0001f525", "sparkles": "\u2728", "star": "\u2b50",
    "star2": "\U0001f31f", "dizzy": "\U0001f4ab", "boom": "\U0001f4a5", "collision": "\U0001f4a5",
    "zap": "\u26a1", "sunny": "\u2600\ufe0f", "cloud": "\u2601\ufe0f", "umbrella": "\u2614",
    "snowflake": "\u2744\ufe0f", "rainbow": "\U0001f308", "ocean": "\U0001f30a",
    "tada": "\U0001f389", "confetti_ball": "\U0001f38a", "balloon": "\U0001f388", "gift": "\U0001f381",
    "trophy": "\U0001f3c6", "medal_sports": "\U0001f3c5", "1st_place_medal": "\U0001f947",
    "crown": "\U0001f451", "gem": "\U0001f48e", "rocket": "\U0001f680", "airplane": "\u2708\ufe0f",
    "car": "\U0001f697", "bus": "\U0001f68c", "bike": "\U0001f6b2", "ship": "\U0001f6a2",
    "house": "\U0001f3e0", "office": "\U0001f3e2", "school": "\U0001f3eb",
    "coffee": "\u2615", "beer": "\U0001f37a", "beers": "\U0001f37b", "pizza": "\U0001f355",
    "hamburger": "\U0001f354", "cake": "\U0001f370", "birthday": "\U0001f382", "apple": "\U0001f34e",
    "dog": "\U0001f436", "cat": "\U0001f431", "panda_face": "\U0001f43c", "penguin": "\U0001f427",
    "whale": "\U0001f433", "snake": "\U0001f40d", "bug": "\U0001f41b", "bee": "\U0001f41d",
    "honeybee": "\U0001f41d", "turtle": "\U0001f422", "unicorn": "\U0001f984",
    "seedling": "\U0001f331", "evergreen_tree": "\U0001f332", "four_leaf_clover": "\U0001f340",
    "cherry_blossom": "\U0001f338", "rose": "\U0001f339", "sunflower": "\U0001f33b",
    "computer": "\U0001f4bb", "desktop_computer": "\U0001f5a5\ufe0f", "keyboard": "\u2328\ufe0f",
    "iphone": "\U0001f4f1", "phone": "\u260e\ufe0f", "telephone": "\u260e\ufe0f",
    "email": "\U0001f4e7", "envelope": "\u2709\ufe0f", "mailbox": "\U0001f4eb",
    "memo": "\U0001f4dd", "pencil": "\U0001f4dd", "pencil2": "\u270f\ufe0f", "book": "\U0001f4d6",
    "books": "\U0001f4da", "notebook": "\U0001f4d3", "bookmark": "\U0001f516",
    "bookmark_tabs": "\U0001f4d1", "page_facing_up": "\U0001f4c4", "clipboard": "\U0001f4cb",
    "pushpin": "\U0001f4cc", "round_pushpin": "\U0001f4cd", "paperclip": "\U0001f4ce",
    "scissors": "\u2702\ufe0f", "file_folder": "\U0001f4c1", "open_file_folder": "\U0001f4c2",
    "calendar": "\U0001f4c6", "date": "\U0001f4c5", "chart_with_upwards_trend": "\U0001f4c8",
    "chart_with_downwards_trend": "\U0001f4c9", "bar_chart": "\U0001f4ca",
    "mag": "\U0001f50d", "mag_right": "\U0001f50e", "lock": "\U0001f512", "unlock": "\U0001f513",
    "key": "\U0001f511", "bell": "\U0001f514", "loudspeaker": "\U0001f4e2", "mega": "\U0001f4e3",
    "bulb": "\U0001f4a1", "wrench": "\U0001f527", "hammer": "\U0001f528", "gear": "\u2699\ufe0f",
    "hammer_and_wrench": "\U0001f6e0\ufe0f", "link": "\U0001f517", "package": "\U0001f4e6",
    "moneybag": "\U0001f4b0", "dollar": "\U0001f4b5", "hourglass": "\u231b", "watch": "\u231a",
    "alarm_clock": "\u23f0", "stopwatch": "\u23f1\ufe0f", "battery": "\U0001f50b",
    "electric_plug": "\U0001f50c", "camera": "\U0001f4f7", "movie_camera": "\U0001f3a5",
    "tv": "\U0001f4fa", "musical_note": "\U0001f3b5", "notes": "\U0001f3b6",
    "headphones": "\U0001f3a7", "video_game": "\U0001f3ae", "art": "\U0001f3a8",
    "dart": "\U0001f3af", "soccer": "\u26bd", "basketball": "\U0001f3c0", "running": "\U0001f3c3",
    "construction": "\U0001f6a7", "rotating_light": "\U0001f6a8", "warning": "\u26a0\ufe0f",
    "no_entry": "\u26d4", "no_entry_sign": "\U0001f6ab", "x": "\u274c", "o": "\u2b55",
    "heavy_check_mark": "\u2714\ufe0f", "white_check_mark": "\u2705", "ballot_box_with_check": "\u2611\ufe0f",
    "heavy_multiplication_x": "\u2716\ufe0f", "heavy_plus_sign": "\u2795", "heavy_minus_sign": "\u2796",
    "exclamation": "\u2757", "heavy_exclamation_mark": "\u2757", "question": "\u2753",
    "grey_question": "\u2754", "grey_exclamation": "\u2755", "bangbang": "\u203c\ufe0f",
    "interrobang": "\u2049\ufe0f", "information_source": "\u2139\ufe0f", "recycle": "\u267b\ufe0f",
    "arrow_right": "\u27a1\ufe0f", "arrow_left": "\u2b05\ufe0f", "arrow_up": "\u2b06\ufe0f",
    "arrow_down": "\u2b07\ufe0f", "arrow_forward": "\u25b6\ufe0f", "arrow_backward": "\u25c0\ufe0f",
    "arrows_counterclockwise": "\U0001f504", "leftwards_arrow_with_hook": "\u21a9\ufe0f",
    "red_circle": "\U0001f534", "large_blue_circle": "\U0001f535", "white_circle": "\u26aa",
    "black_circle": "\u26ab", "small_blue_diamond": "\U0001f539", "small_orange_diamond": "\U0001f538",
    "large_blue_diamond": "\U0001f537", "large_orange_diamond": "\U0001f536",
    "new": "\U0001f195", "free": "\U0001f193", "up": "\U0001f199", "cool": "\U0001f192",
    "ok": "\U0001f197", "sos": "\U0001f198", "top": "\U0001f51d", "soon": "\U0001f51c",
    "one": "1\ufe0f\u20e3", "two": "2\ufe0f\u20e3", "three": "3\ufe0f\u20e3", "four": "4\ufe0f\u20e3",
    "five": "5\ufe0f\u20e3", "six": "6\ufe0f\u20e3", "seven": "7\ufe0f\u20e3", "eight": "8\ufe0f\u20e3",
    "nine": "9\ufe0f\u20e3", "keycap_ten": "\U0001f51f", "zero": "0\ufe0f\u20e3",
    "kr": "\U0001f1f0\U0001f1f7", "us": "\U0001f1fa\U0001f1f8", "jp": "\U0001f1ef\U0001f1f5",
    "earth_asia": "\U0001f30f", "globe_with_meridians": "\U0001f310", "sun_with_face": "\U0001f31e",
    "crescent_moon": "\U0001f319", "stars": "\U0001f320", "wrench_and_hammer": "\U0001f6e0\ufe0f",
    "speech_balloon": "\U0001f4ac", "thought_balloon": "\U0001f4ad", "zzz": "\U0001f4a4",
    "sweat_drops": "\U0001f4a6", "dash": "\U0001f4a8", "muscle_arm": "\U0001f4aa",
    "money_with_wings": "\U0001f4b8", "chart": "\U0001f4b9", "floppy_disk": "\U0001f4be",
    "cd": "\U0001f4bf", "dvd": "\U0001f4c0", "triangular_flag_on_post": "\U0001f6a9",
    "checkered_flag": "\U0001f3c1", "white_flag": "\U0001f3f3\ufe0f", "pill": "\U0001f48a",
    "syringe": "\U0001f489", "microscope": "\U0001f52c", "telescope": "\U0001f52d",
    "test_tube": "\U0001f9ea", "dna": "\U0001f9ec", "abacus": "\U0001f9ee", "brain": "\U0001f9e0",
}

#: ``:name:`` with GitHub's name characters; the longest run wins
_SHORTCODE = re.compile(r":([a-z0-9_+-]+):")


def emojify(text: str) -> str:
    """``:smile:`` → 😄 for the names in :data:`EMOJI`; others stay as typed."""
    if ":" not in text:
        return text
    return _SHORTCODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)


def _emoji_rule(state: StateCore) -> None:
    document = state.md.options.get("document")
    env = getattr(getattr(document, "settings", None), "env", None)
    if env is None or not is_post(env, env.docname) or not settings(env.config).emoji:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for tok in block.children:
            if tok.type == "text":  # never code_inline, html_inline or URLs
                tok.content = emojify(tok.content)


def emoji_plugin(md: MarkdownIt) -> None:
    # after text_join: kramdown turns "\:smile\:" into ":smile:" before
    # jemoji sees the HTML, so an escaped shortcode becomes an emoji too
    md.core.ruler.push("jekyll_emoji", _emoji_rule)


