"""What other domains hook into resumes, without resumes importing them.

- `resume_changed`: sent with `resume=` whenever a resume's document or sharing settings change
  (`services.save`, `services.update_settings`), inside the same transaction and before its
  commit. The talent domain keeps its search index of public resumes in step here; a receiver
  that raises stops the change, so the index can never disagree with the resume.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

resume_changed = _signals.signal("resume-changed")
