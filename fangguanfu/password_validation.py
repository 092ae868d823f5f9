"""Password rules with their messages in Chinese.

Django's zh-hans catalogue lacks the (new-style) "too short" message: people changing their password saw
"This password is too short. It must contain at least 8 characters." in English.
"""

from django.contrib.auth.password_validation import MinimumLengthValidator


class ChineseMinimumLengthValidator(MinimumLengthValidator):
    def get_error_message(self):
        return f"密码长度太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"
