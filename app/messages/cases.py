# SPDX-License-Identifier: GPL-3.0-or-later
"""Messages for cases, perpetrators, accounts, tags, platform reports, search and statistics."""

from app.i18n import N_

MESSAGES = {
    "cases.item_not_found": N_("There is no item number {item} in the vault."),
    "cases.case_not_found": N_("There is no case called {case}."),
    "cases.case_exists": N_("A case called {case} already exists."),
    "cases.perpetrator_not_found": N_("There is no perpetrator called {perpetrator}."),
    "cases.perpetrator_exists": N_("A perpetrator called {perpetrator} already exists."),
    "cases.account_not_found": N_("There is no account {account}."),
    "cases.account_exists": N_("The account {account} already exists."),
    "cases.bad_account_ref": N_("Write accounts as PLATFORM:HANDLE, for example x:@name (got "
                                "{ref})."),
    "cases.unknown_platform": N_("Unknown platform {platform}. Use one of: facebook, instagram, "
                                 "whatsapp, messenger, x, telegram, tiktok, youtube, snapchat, "
                                 "other."),
    "cases.unknown_category": N_("Unknown category {category}."),
    "cases.category_exists": N_("The category {category} already exists."),
    "cases.category_builtin": N_("The category {category} comes with Bayyina: it can be renamed "
                                 "but not deleted."),
    "cases.unknown_status": N_("Unknown report status {status}. Use pending, removed, "
                               "restricted, rejected or no-answer."),
    "cases.unknown_sensitivity": N_("Unknown sensitivity {kind}. Use graphic, intimate or "
                                    "personal-info."),
    "cases.unknown_sort": N_("Items can be sorted by posted, seen or imported date, not {sort}."),
    "cases.bad_date": N_("{value} is not a date. Write day/month/year, for example {example}, "
                         "or ISO 8601, for example {example_iso}."),
    "cases.answer_before_report": N_("The answer cannot come before the report."),
    "cases.empty_name": N_("The name must not be empty."),
    "cases.ends_before_start": N_("A case cannot end ({ends}) before it starts ({starts})."),
    "cases.tag_not_found": N_("There is no tag {tag}."),
    "cases.report_not_found": N_("There is no platform report number {report}."),
    "cases.demo_exists": N_("The sample campaign {case} is already in this vault."),
    "cases.demo_failed": N_("The sample evidence could not be imported ({reason})."),
    "moments.empty_label": N_("Write a few words about the moment (what is said or shown)."),
    "moments.label_too_long": N_("A moment's note can have at most {limit} characters."),
    "moments.outside": N_("{at} is past the end of the recording ({length})."),
    "moments.end_before_start": N_("A marked moment ends after it starts: {end} is not after "
                                   "{at}."),
    "moments.too_many": N_("An item can have at most {limit} marked moments."),
    "moments.bad_time": N_("\"{time}\" is not a time in the recording: write MM:SS, H:MM:SS or a "
                           "number of seconds, for example 02:13."),
    "moments.not_found": N_("There is no marked moment number {moment}."),
}
