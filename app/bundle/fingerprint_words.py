# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""A signing fingerprint as words, to read aloud on the phone.

A fingerprint is the SHA-256 of a public key: 32 bytes. Each byte is said as one word of a fixed
list of 256 short, distinct, concrete words (byte 0 → the first word, byte 255 → the last), so
the 32 words say the whole fingerprint, nothing shortened. Both sides compute the same words from
the same fingerprint: the defender reads them from "My signing key" in the settings, the
organisation compares them with the words under the sender's fingerprint in the receive dialog.

There is one list per language and they are translations of each other, word for word
(:data:`WORDS_EN` [i] means :data:`WORDS_AR` [i]: 7 is "fox" and "ثعلب"), so a defender reading
Arabic and an organisation reading English still compare the same thing.

The lists are part of the format: never reorder, change or translate them through the catalogs
(a test pins their length, their distinctness and a known fingerprint's words). Pure data and
functions, no I/O.
"""

from __future__ import annotations

from app.bundle.signing import normalize_fingerprint

WORDS_EN: tuple[str, ...] = (
    "cat", "dog", "horse", "camel", "lion", "tiger", "wolf", "fox", "bear", "gazelle", "rabbit",
    "mouse", "goat", "sheep", "cow", "donkey", "elephant", "monkey", "snake", "frog", "turtle",
    "fish", "whale", "shark", "dolphin", "eagle", "falcon", "owl", "pigeon", "duck", "rooster",
    "bee", "ant", "butterfly", "spider", "crab", "parrot", "peacock", "swan", "giraffe",
    "hedgehog", "bat", "squirrel", "ostrich", "crow", "sparrow", "scorpion", "apple", "orange",
    "banana", "grape", "lemon", "fig", "olive", "melon", "peach", "apricot", "cherry", "mango",
    "carrot", "onion", "garlic", "tomato", "potato", "cucumber", "pepper", "bean", "lentil",
    "rice", "wheat", "bread", "cheese", "honey", "milk", "salt", "sugar", "sun", "moon", "star",
    "cloud", "rain", "snow", "wind", "river", "sea", "lake", "mountain", "valley", "desert",
    "island", "forest", "tree", "flower", "rose", "leaf", "grass", "stone", "sand", "fire",
    "smoke", "lightning", "thunder", "dawn", "night", "morning", "evening", "spring", "summer",
    "autumn", "winter", "ocean", "hill", "cave", "well", "oasis", "palm", "pine", "jasmine",
    "mint", "wave", "shore", "field", "garden", "sky", "soil", "pearl", "gold", "silver", "iron",
    "copper", "diamond", "coral", "house", "door", "window", "key", "lamp", "candle", "chair",
    "table", "bed", "pillow", "blanket", "carpet", "mirror", "clock", "cup", "glass", "plate",
    "spoon", "fork", "knife", "kettle", "bottle", "basket", "box", "bag", "book", "pen",
    "notebook", "letter", "map", "ring", "necklace", "comb", "soap", "towel", "shirt", "shoe",
    "hat", "scarf", "coat", "button", "needle", "thread", "rope", "ladder", "bucket", "hammer",
    "nail", "wheel", "bell", "drum", "flute", "guitar", "violin", "ball", "doll", "tent", "boat",
    "ship", "car", "train", "bicycle", "bus", "plane", "bridge", "tower", "road", "market",
    "school", "castle", "wall", "roof", "fountain", "anchor", "compass", "umbrella", "piano",
    "crown", "tea", "coffee", "juice", "soup", "cake", "egg", "butter", "oil", "vinegar", "jam",
    "walnut", "almond", "pistachio", "cinnamon", "saffron", "thyme", "sesame", "flour", "red",
    "blue", "green", "yellow", "black", "white", "purple", "brown", "grey", "music", "song",
    "poem", "story", "dream", "smile", "friend", "gift", "journey", "puzzle", "feather", "shell",
    "nest", "seed", "root", "branch", "cotton", "silk", "wool",
)

WORDS_AR: tuple[str, ...] = (
    "قطة", "كلب", "حصان", "جمل", "أسد", "نمر", "ذئب", "ثعلب", "دب", "غزال", "أرنب", "فأر", "ماعز",
    "خروف", "بقرة", "حمار", "فيل", "قرد", "ثعبان", "ضفدع", "سلحفاة", "سمكة", "حوت", "قرش",
    "دلفين", "نسر", "صقر", "بومة", "حمامة", "بطة", "ديك", "نحلة", "نملة", "فراشة", "عنكبوت",
    "سلطعون", "ببغاء", "طاووس", "بجعة", "زرافة", "قنفذ", "خفاش", "سنجاب", "نعامة", "غراب",
    "عصفور", "عقرب", "تفاحة", "برتقالة", "موزة", "عنب", "ليمون", "تين", "زيتون", "شمام", "خوخ",
    "مشمش", "كرز", "مانجو", "جزر", "بصل", "ثوم", "طماطم", "بطاطا", "خيار", "فلفل", "فول", "عدس",
    "أرز", "قمح", "خبز", "جبن", "عسل", "حليب", "ملح", "سكر", "شمس", "قمر", "نجمة", "غيمة", "مطر",
    "ثلج", "ريح", "نهر", "بحر", "بحيرة", "جبل", "وادي", "صحراء", "جزيرة", "غابة", "شجرة", "زهرة",
    "وردة", "ورقة", "عشب", "حجر", "رمل", "نار", "دخان", "برق", "رعد", "فجر", "ليل", "صباح",
    "مساء", "ربيع", "صيف", "خريف", "شتاء", "محيط", "تلة", "كهف", "بئر", "واحة", "نخلة", "صنوبر",
    "ياسمين", "نعناع", "موجة", "شاطئ", "حقل", "حديقة", "سماء", "تربة", "لؤلؤة", "ذهب", "فضة",
    "حديد", "نحاس", "ماس", "مرجان", "بيت", "باب", "نافذة", "مفتاح", "مصباح", "شمعة", "كرسي",
    "طاولة", "سرير", "وسادة", "بطانية", "سجادة", "مرآة", "ساعة", "فنجان", "كأس", "صحن", "ملعقة",
    "شوكة", "سكين", "إبريق", "زجاجة", "سلة", "صندوق", "حقيبة", "كتاب", "قلم", "دفتر", "رسالة",
    "خريطة", "خاتم", "قلادة", "مشط", "صابون", "منشفة", "قميص", "حذاء", "قبعة", "وشاح", "معطف",
    "زر", "إبرة", "خيط", "حبل", "سلم", "دلو", "مطرقة", "مسمار", "عجلة", "جرس", "طبل", "ناي",
    "غيتار", "كمان", "كرة", "دمية", "خيمة", "قارب", "سفينة", "سيارة", "قطار", "دراجة", "حافلة",
    "طائرة", "جسر", "برج", "طريق", "سوق", "مدرسة", "قلعة", "جدار", "سقف", "نافورة", "مرساة",
    "بوصلة", "مظلة", "بيانو", "تاج", "شاي", "قهوة", "عصير", "حساء", "كعكة", "بيضة", "زبدة", "زيت",
    "خل", "مربى", "جوز", "لوز", "فستق", "قرفة", "زعفران", "زعتر", "سمسم", "طحين", "أحمر", "أزرق",
    "أخضر", "أصفر", "أسود", "أبيض", "بنفسجي", "بني", "رمادي", "موسيقى", "أغنية", "قصيدة", "قصة",
    "حلم", "ابتسامة", "صديق", "هدية", "رحلة", "لغز", "ريشة", "صدفة", "عش", "بذرة", "جذر", "غصن",
    "قطن", "حرير", "صوف",
)

GROUP = 4  # words per group, as the hex digits are grouped in fours


def fingerprint_words(fingerprint: str, lang: str = "en") -> list[str]:
    """The 32 words of a fingerprint (64 hex digits, spaces and colons allowed), in ``lang``
    ("ar" gives the Arabic list, anything else the English one).

    Raises:
        UsageError: ``bundle.bad_fingerprint`` when it is not 64 hex digits.
    """
    words = WORDS_AR if lang == "ar" else WORDS_EN
    return [words[b] for b in bytes.fromhex(normalize_fingerprint(fingerprint))]


def grouped_words(fingerprint: str, lang: str = "en") -> list[str]:
    """The words in lines of :data:`GROUP` (eight lines), each line's words joined by spaces."""
    words = fingerprint_words(fingerprint, lang)
    return [" ".join(words[i : i + GROUP]) for i in range(0, len(words), GROUP)]
