"""Accounts in voices the labelled corpus does not use, written for these tests.

Why: the lexicon must work for how people and officials really write (forum posts,
chat with emoji, solicitors, easy read, English as an additional language, dialect,
inspection reports, diaries, letters from MPs and older people), not only for the
accounts it was tuned against. Each case names the sources an advocate would see.
"""
from __future__ import annotations

import pytest

from advocate_app.analysis import classify

VOICES = [
    ('forum',
     'Posting here because I don\'t know where else to go. Been under the CMHT for 3 yrs. Last month they discharged me back to my GP because I "wasn\'t engaging" - I missed two appts when I was in hospital!! Nobody rang to check. GP says he can\'t re-refer for 6 months. Anyone else had this?',
     ['frontline-practice', 'lack-of-support']),
    ('chat',
     'omg the social came round again 🙄 she didnt even sit down just stood there going "so are we taking our tablets" like im 5. then said if i dont go to the group they\'ll stop my support. im so done 😭',
     ['frontline-practice', 'oppressive-culture', 'stigma']),
    ('solicitor',
     'We act for Ms A. Our client has been assessed as having eligible needs under the Care Act 2014, yet the Defendant has failed to produce a care and support plan for eleven months. This delay is unlawful. Further, the Defendant has charged our client for services that constitute section 117 aftercare, contrary to the Mental Health Act 1983.',
     ['bureaucracy', 'lack-of-support', 'oppressive-culture']),
    ('easy read',
     'I live in a flat. I have a support worker. My support worker is changed a lot. I have had 6 support workers this year. I do not like telling my story again and again. It makes me sad. Nobody asked me what I want.',
     ['fragmentation', 'frontline-practice', 'lack-of-support']),
    ('eal',
     'The social worker she come to my home but she not bring interpreter. My daughter she have to translate about my illness. Then letter come say no service for me. Nobody explain me why.',
     ['frontline-practice', 'lack-of-support']),
    ('yorkshire',
     "Me mam's been waiting on t' council for nigh on a year for an assessment. Nowt's happened. Every time she rings they say it's with the team. She were told she weren't bad enough for help.",
     ['lack-of-support']),
    ('inspection',
     "People were not always treated with dignity and respect. Staff told us they did not have time to support people with personal care. Care plans were not up to date and did not reflect people's current needs. The provider relied heavily on agency staff who did not know people well.",
     ['bureaucracy', 'lack-of-support', 'oppressive-culture']),
    ('diary',
     "Mon 4th - CPN didn't turn up again. No phone call. Rang the team at 2, nobody answered.\nWeds 6th - letter says my review is postponed again. Third time.\nFri 8th - still no word. Feel like giving up on the lot of them.",
     ['frontline-practice', 'lack-of-support']),
    ('mp letter',
     'I am writing on behalf of my constituent, Mr B, who has been on a waiting list for a Care Act assessment since February. He tells me that when he telephoned the council he was told he was not in crisis and should ring back if things got worse. I would be grateful if you could explain why he has waited so long.',
     ['lack-of-support']),
    ('reflective log',
     'On reflection I did not explain the outcome of the panel to Ms C clearly, and I did not give her the reasons in writing. She told me she felt the decision had been made without her.',
     ['frontline-practice', 'oppressive-culture']),
    ('coroner',
     "The evidence showed that there was no joint assessment of Mr D's mental health and social care needs, and that information held by the trust about his deteriorating state was not shared with the council. No agency took the lead in coordinating his care.",
     ['fragmentation']),
    ('ftp',
     'The panel found that the registrant had engaged in a sexual relationship with Service User A, whom he was supporting, and that he had falsified visit records to conceal visits to her home. The panel found his conduct was dishonest and sexually motivated.',
     ['staff-misconduct']),
    ('review',
     "1 star. Avoid. My dad was left in wet pads for hours and when we complained the manager said we were lucky they'd taken him. Staff rude and never answer the phone.",
     ['frontline-practice', 'oppressive-culture']),
    ('no harm 1',
     "My new care coordinator came to see me at home. She had read my notes so I didn't have to explain everything again. We agreed my plan together and she gave me a copy.",
     []),
    ('no harm 2',
     'Could you tell me how to apply for a blue badge? I have a letter from my GP and my PIP award letter. Do I need a photo as well?',
     []),
    ('no harm 3',
     'I was not discriminated against at any point and I always felt listened to. If they had not listened I would have complained, but there was no need.',
     []),
    ('no harm 4',
     'The ombudsman found no fault. The council had explained the charges in writing before my care started, and it followed its policy.',
     []),
    ('peer minutes',
     'Members discussed the closure of the day centre. Several people said they had lost the only place they went each week and had not been offered anything else. One member said her hours had been cut after a phone review.',
     ['lack-of-support']),
    ('older man',
     'Dear Sir, I write to express my dismay at the treatment of my late wife. I wrote to the council on 3rd March and have received no reply to my letter. The young lady who visited spoke to me as though I were a child and did not listen to a word I said.',
     ['frontline-practice', 'stigma']),
    ('column',
     'Year after year of austerity has hollowed out community mental health services. Day centres have closed, advocacy services have lost their funding, and people are left on waiting lists for months.',
     ['lack-of-support']),
]


@pytest.mark.parametrize("voice, text, expected", VOICES, ids=[v[0] for v in VOICES])
def test_sources_an_advocate_would_see(voice, text, expected):
    result = classify(text)
    assert sorted(result.source_ids()) == expected
    for source in result.sources:
        for factor in source.factors:
            for ev in factor.evidence:
                assert text[ev.start:ev.end] == ev.text
