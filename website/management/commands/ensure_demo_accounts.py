"""Demo accounts for trying the site's jobs under `make run`: an editor and the three reviewers of
三审三校, plus a comment moderator. Passwords are generated and printed once, like the admin's;
not part of a production deploy (`make run` / `make demo` only)."""

import secrets

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from comments.groups import GROUP_NAME as MODERATORS
from comments.groups import ensure_moderator_group
from editorial.setup import EDITORS, LEADERS, SECTION_HEADS, setup_all

# (username, family name, given name, group, what they do)
ACCOUNTS = [
    ("bianji", "张", "编辑", EDITORS, "编辑：写稿、提交三审三校"),
    ("chushen", "李", "初审", EDITORS, "初审（编辑组，不能审自己写的稿）"),
    ("kezhang", "王", "科长", SECTION_HEADS, "复审（科室负责人）"),
    ("juzhang", "赵", "局长", LEADERS, "终审并发布（局领导）"),
    ("shenhe", "陈", "审核", MODERATORS, "评论审核员"),
]


class Command(BaseCommand):
    help = "创建试用账号（编辑、初审、复审、终审、评论审核员），密码只显示一次。"

    def handle(self, *args, **options):
        setup_all(apps)
        ensure_moderator_group()
        User = get_user_model()
        made = []
        for username, family, given, group, role in ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(9)
            user = User.objects.create_user(
                username, f"{username}@example.invalid", password, last_name=family, first_name=given, is_staff=False
            )
            user.groups.add(Group.objects.get(name=group))
            made.append((username, password, role))
        if made:
            self.stdout.write("已创建试用账号（密码只显示这一次）：")
            for username, password, role in made:
                self.stdout.write(f"  {username:<8} 密码 {password:<14} {role}")
        else:
            self.stdout.write("试用账号已存在。")
