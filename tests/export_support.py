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
