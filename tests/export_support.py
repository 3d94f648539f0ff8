"""A small forum with a bit of everything an export must carry, played through the socket protocol."""
import io
import zipfile

from conftest import KEY

HOSTILE = "<img src=x onerror=alert(1)>"
ARABIC, TIGRINYA, SWEDISH = "اقتراح: fler tolkar", "ሰላም ለኩሉ", "Kurser i svenska åäö"
FORMULAS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd"]
WALK_IN = '=HYPERLINK("http://x","y")'


def ok(ack: dict) -> dict:
    assert ack["ok"], ack
    return ack


class ForumPlay:
    """Three phones and a walk-in: suggestions in three scripts, hostile text, votes, a merge, speeches."""

    def __init__(self, room, clock):
        self.room, self.clock = room, clock
        self.code = room.code
        mod = self.mod = room.moderator()
        amina, selam, asa = room.phone("Amina"), room.phone("ሰላም"), room.phone("Åsa")
        self.tokens = [amina.token, selam.token, asa.token]
        ids = [self.suggest(amina, ARABIC), self.suggest(selam, TIGRINYA), self.suggest(asa, SWEDISH)]
        ids += [self.suggest(phone, text) for phone, text in zip((amina, selam, asa, amina), FORMULAS)]
        ids.append(self.suggest(selam, HOSTILE))
        self.ids = dict(zip([ARABIC, TIGRINYA, SWEDISH, *FORMULAS, HOSTILE], ids))
        for phone, text in ((amina, ARABIC), (amina, TIGRINYA), (selam, ARABIC), (asa, SWEDISH), (asa, "-2+3"),
                            (selam, HOSTILE)):
            ok(phone.emit("vote", {"suggestion_id": self.ids[text]}, callback=True))
        ok(mod.emit("merge_suggestion", {"suggestion_id": self.ids["-2+3"], "into": self.ids["=1+1"]}, callback=True))
        ok(mod.emit("hide_suggestion", {"suggestion_id": self.ids["@cmd"]}, callback=True))
        ok(mod.emit("translate_suggestion", {"suggestion_id": self.ids[ARABIC], "lang": "sv",
                                             "text": "Fler tolkar"}, callback=True))
        ok(amina.emit("hand_raise", {"lang": "ar"}, callback=True))
        ok(mod.emit("add_speaker", {"label": WALK_IN, "lang": "ti"}, callback=True))
        self.speak(30, 45)
        ok(mod.emit("set_question", {"index": 1}, callback=True))
        ok(selam.emit("hand_raise", {"lang": "sv"}, callback=True))
        ok(asa.emit("hand_raise", {}, callback=True))
        self.speak(20)
        ok(mod.emit("next_speaker", {}, callback=True))
        clock.advance(5)  # Åsa is still speaking when the export is made

    def suggest(self, phone, text: str) -> int:
        self.clock.advance(11)
        return ok(phone.emit("suggest", {"text": text}, callback=True))["suggestion_id"]

    def speak(self, *seconds: float) -> None:
        for s in seconds:
            ok(self.mod.emit("next_speaker", {}, callback=True))
            self.clock.advance(s)
        ok(self.mod.emit("end_turn", {}, callback=True))


def get(client, code: str, name: str, **query):
    response = client.get(f"/api/forums/{code}/{name}", headers={"X-Moderator-Key": KEY}, query_string=query)
    assert response.status_code == 200, response.data[:300]
    return response


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def after_the_night(room, clock, suggestion_ids: list[int]) -> list[int]:
    """The closing round, ending and reopening, and the core team's follow-up: every event they record."""
    mod, phones = room.moderator(), [room.phone(), room.phone()]
    ok(mod.emit("closing_round", {"open": True}, callback=True))
    for phone, step in zip(phones, (4, 2)):
        ok(phone.emit("closing_answer", {"item": "said", "step": step}, callback=True))
    ok(phones[0].emit("closing_answer", {"item": "represented", "step": 5}, callback=True))
    ok(mod.emit("closing_round", {"open": False}, callback=True))
    ok(mod.emit("end_forum", {}, callback=True))
    ok(mod.emit("reopen_forum", {}, callback=True))
    clock.advance(60)
    headers = {"X-Moderator-Key": KEY}

    def post(url, body, status=200):
        response = room.client.post(url, json=body, headers=headers)
        assert response.status_code == status, response.json
        return response.json
    first = post(f"/api/forums/{room.code}/recommendations", {
        "question": 0, "title": HOSTILE, "text": "Tolkar vid varje " + ARABIC, "suggestion_ids": suggestion_ids[:2],
        "scope": "beyond", "route": "A letter to the government"}, 201)["id"]
    second = post(f"/api/forums/{room.code}/recommendations", {
        "question": 1, "title": "Draft to drop", "text": "", "suggestion_ids": []}, 201)["id"]
    post(f"/api/recommendations/{first}", {"text": "Tolkar vid varje möte"})
    post(f"/api/recommendations/{first}/status", {"status": "presented", "to": "Kommunstyrelsen", "date": "2027-02-01"})
    post(f"/api/recommendations/{first}/notes", {"note": "Asked again in March"})
    post(f"/api/recommendations/{first}/translations", {"lang": "ar", "title": "مترجمون", "text": "في كل اجتماع"})
    post(f"/api/forums/{room.code}/translations/title", {"lang": "ar", "text": "المنتدى"})
    assert room.client.delete(f"/api/recommendations/{second}", headers=headers).status_code == 200
    ok(phones[1].emit("hand_raise", {"lang": "fa"}, callback=True))  # the night went on: a turn runs at the export
    ok(mod.emit("next_speaker", {}, callback=True))
    clock.advance(5)
    return [first]
