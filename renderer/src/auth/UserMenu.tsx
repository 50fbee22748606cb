import { useSession } from './context';
import { authMessages as t } from './messages';

/** Who is signed in (full name and role), with "Đổi mật khẩu" and "Đăng xuất": on the app's top strip. */
export function UserMenu() {
  const { user, logout, changePassword } = useSession();
  return (
    <div className="user-menu" role="group" aria-label={t.userMenu}>
      <span className="user-menu-who" title={user.name}>
        {t.signedInAs(user.fullName, user.role)}
      </span>
      <button type="button" onClick={changePassword}>
        {t.changeTitle}
      </button>
      <button type="button" onClick={logout}>
        {t.logout}
      </button>
    </div>
  );
}
