"""Date and time formats per interface language (settings.FORMAT_MODULE_PATH).

Django's own "en" formats are American (12/07/2026, 11:36 p.m.); Atbalsts is used in Latvia,
so its English is British-style European: day before month, the 24-hour clock. Latvian keeps
the day and month at two digits (07.12.2026), as Latvian documents write them. Russian and
Ukrainian documents use Django's formats for those languages, already day.month.year.

Every form accepts ISO dates first (the browsers' date fields send them, and DateInput renders
a value with the first input format), then the dates as the language shows them.
"""
