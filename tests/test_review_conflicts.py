"""The store refuses to overwrite or withdraw a decision that changed since the reviewer saw it."""

from __future__ import annotations

import pytest
from ui_docs import make_report

from align.review import ReviewConflict, ReviewError, ReviewStore, Seen
from align.review.decide import save_decision

SCOPE = "软件技术"


@pytest.fixture
def store(tmp_path):
    s = ReviewStore.at(tmp_path / "review.db")
    yield s
    s.close()


def test_a_save_checks_that_the_point_still_holds_what_was_seen(store):
    report = make_report()
    first = save_decision(store, report, (0, 0, 0), SCOPE, "reject", "委员甲", seen=Seen(None))
    with pytest.raises(ReviewConflict) as raised:  # B saw no decision: A's is there now
        save_decision(store, report, (0, 0, 0), SCOPE, "confirm", "委员乙", seen=Seen(None))
    assert raised.value.point_id == "1.1.1"
    assert (raised.value.change.actor, raised.value.change.action) == ("委员甲", "create")
    assert [d.reviewer for d in store.decisions()] == ["委员甲"]

    second = save_decision(store, report, (0, 0, 0), SCOPE, "confirm", "委员乙", seen=Seen(first))
    with pytest.raises(ReviewConflict):  # A still shows its own rejection, which B replaced
        save_decision(store, report, (0, 0, 0), SCOPE, "reject", "委员甲", seen=Seen(first))
    save_decision(store, report, (0, 0, 0), SCOPE, "reject", "委员丙")  # a script: no check
    assert [d.reviewer for d in store.decisions()] == ["委员丙"]
    assert second.id == first.id


def test_a_withdrawal_checks_the_decision_is_as_seen(store):
    report = make_report()
    seen = save_decision(store, report, (0, 0, 0), SCOPE, "reject", "委员甲")
    save_decision(store, report, (0, 0, 0), SCOPE, "confirm", "委员乙")
    with pytest.raises(ReviewConflict) as raised:
        store.withdraw(seen, "委员甲")
    assert raised.value.change.actor == "委员乙" and len(store.decisions()) == 1
    [now] = store.decisions()
    store.withdraw(now, "委员乙")
    with pytest.raises(ReviewConflict) as raised:
        store.withdraw(now, "委员甲")
    assert raised.value.change.action == "withdraw"
    with pytest.raises(ReviewError, match="已不存在") as raised:  # by id (scripts): no id in the message
        store.withdraw(now.id, "委员甲")
    assert str(now.id) not in str(raised.value)
