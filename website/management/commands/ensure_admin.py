"""Make sure an `admin` superuser exists (password from ADMIN_PASSWORD, else generated once)."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "确保存在 admin 管理员账号。"

    def handle(self, *args, **options):
        User = get_user_model()
        password = os.environ.get("ADMIN_PASSWORD")
        user = User.objects.filter(username="admin").first()
        if user is None:
            generated = not password
            password = password or secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "admin@example.invalid", password)
            if generated:
                self.stdout.write(f"已创建管理员账号 admin，初始密码：{password}  （只显示这一次，请登录后修改）")
            else:
                self.stdout.write("已创建管理员账号 admin（密码取自 ADMIN_PASSWORD）。")
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write("管理员账号 admin 的密码已按 ADMIN_PASSWORD 更新。")
        else:
            self.stdout.write("管理员账号 admin 已存在。")
