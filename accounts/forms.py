from django import forms

from campaigns.models import Campaign, Department, Region

from .choices import Role


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150)
    email = forms.EmailField(label="电子邮箱", required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, strip=False)


class UserUpdateForm(forms.Form):
    full_name = forms.CharField(label="姓名", max_length=150)
    email = forms.EmailField(label="电子邮箱", required=False)
    is_active = forms.BooleanField(label="允许登录", required=False)


class PasswordResetForm(forms.Form):
    password = forms.CharField(label="新密码", widget=forms.PasswordInput, strip=False)


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=Role.choices)
    campaign = forms.ModelChoiceField(
        label="攻坚专班", queryset=Campaign.objects.order_by("plan_id", "number"), required=False
    )
    department = forms.ModelChoiceField(
        label="部门", queryset=Department.objects.all(), required=False
    )
    region = forms.ModelChoiceField(label="县市区", queryset=Region.objects.all(), required=False)
    is_liaison = forms.BooleanField(label="专班联络员（负责报送月报）", required=False)


class UserFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False)
    role = forms.ChoiceField(
        label="角色", choices=[("", "全部角色"), *Role.choices], required=False
    )
