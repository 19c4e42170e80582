"""`sinergi verify_audit`: walk the audit log's hash chain (core.audit_chain.check_chain)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class Command(BaseCommand):
    help = ("Check the audit log's hash chain, oldest event first: name the first event that was "
            "changed, removed or inserted afterwards (exit code 1), or count the events verified.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--database", default=None,
                            help="The database to check (default: the default one).")

    def handle(self, *args, database: str | None = None, **options) -> None:
        from sinergi.core.audit_chain import check_chain

        report = check_chain(database)
        broken = report.broken
        if broken is None:
            if not report.count:
                self.stdout.write(_("No audit events to verify."))
                return
            self.stdout.write(ngettext(
                "%(count)d audit event verified: the chain is intact.",
                "%(count)d audit events verified: the chain is intact.",
                report.count) % {"count": report.count})
            self.stdout.write(_("Last event: #%(id)s, hash %(hash)s (keep it to check the log's end later).")
                              % {"id": report.last_id, "hash": report.last_hash})
            return
        if broken.changed:
            reason = _("its content is not what its hash was computed from (changed afterwards)")
        else:
            reason = _("it does not follow the event before it (an event removed or inserted before it)")
        time = (timezone.localtime(broken.timestamp).strftime("%Y-%m-%d %H:%M:%S %Z")
                if broken.timestamp else "?")
        intact = ngettext("%(count)d event before it is intact.", "%(count)d events before it are intact.",
                          report.count) % {"count": report.count}
        where = {"id": broken.id, "time": time, "type": broken.content_type, "object_id": broken.object_id,
                 "object": broken.object_repr, "reason": reason}
        raise CommandError(
            _("The audit log is broken at event #%(id)s (%(time)s, %(type)s %(object_id)s "
              "\u201c%(object)s\u201d): %(reason)s.") % where + " " + intact)
