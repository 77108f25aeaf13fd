"""One-time tokens: each dies on use, on a change of e-mail or password, and at expiry."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "agora.accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        # Verifying sets email_verified_at, which changes the hash: the link dies on use.
        verified = "" if user.email_verified_at is None else user.email_verified_at.isoformat()
        return f"{user.pk}{user.password}{user.email}{verified}{timestamp}"


verification_tokens = EmailVerificationTokenGenerator()
password_reset_tokens = PasswordResetTokenGenerator()
