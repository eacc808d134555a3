import socket

import pytest

from tests.conftest import NetworkAttempted


def test_opening_an_internet_socket_fails_the_test():
    with pytest.raises(NetworkAttempted):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkAttempted):
        socket.create_connection(("example.org", 80))


def test_paths_point_into_a_temporary_folder(private_paths):
    from advocate_app import paths

    assert str(paths.data_dir()).startswith(str(private_paths))
    assert str(paths.config_dir()).startswith(str(private_paths))
    assert str(paths.cache_dir()).startswith(str(private_paths))
